import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Logger } from '../../engine/observability/logger.js';
import { runAsActor, type Actor } from '../../engine/context/request-context.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import type { JourneyService } from '../../resources/journey/journey.service.js';
import { apiProblem, type ApiProblem } from '../../resources/journey/journey-api-problems.js';
import { tokenActor, type ServiceTokenService } from '../../resources/service-token/service-token.service.js';
import { apiEntryKey, customerNoPattern, inScope, requestIdPattern } from '../../resources/service-token/service-token.rules.js';

/** Where the machine API is mounted: outside the console's path, its session cookie and its body parser. */
export const serviceApiMount = '/service-api';

const startRoute = /^\/service-api\/journeys\/[^/]+\/start$/;

/**
 * The one exemption from the console's Origin check (origin-check.ts): a
 * POST to the start route that presents a bearer token. The Origin check
 * defends ambient credentials (the session cookie) against cross-site
 * requests; this route reads no cookie and authenticates only the
 * Authorization header, which a cross-site form cannot set and a cross-site
 * fetch cannot send without a CORS preflight this server never grants.
 * Anything else (another path, another method, no bearer) is checked as usual.
 */
export function isBearerServiceCall(req: Request): boolean {
  return req.method === 'POST' && startRoute.test(req.path) && /^Bearer /i.test(req.get('authorization') ?? '');
}

/** Calls per token per minute before 429 (a bank system's batch should pace itself below this). */
export const defaultCallsPerMinute = 600;
const bodyLimit = '8kb';

/**
 * The machine API for bank systems (core banking, the mobile app backend),
 * authenticated by a service token and never by a console session:
 *
 *   POST /service-api/journeys/:id/start
 *   Authorization: Bearer bct_<prefix>_<secret>
 *   { "customerNo": "C0000123", "requestId": "core-20261201-0001" }
 *
 * 201 { instanceId, started: true, repeated: false } — started;
 * 200 { instanceId, started: false, repeated: true } — the same requestId again (nothing started twice);
 * 200 { instanceId: null, started: false, repeated: false, reason } — the journey's entry rules said no;
 * 401 no, malformed, unknown or revoked token; 403 journey outside the token's scope;
 * 400 bad body; 404 unknown journey or customer; 409 journey not PUBLISHED or not API-entry;
 * 429 over the token's rate; 503 this process does not run journeys.
 *
 * Every call, accepted or refused, writes a `serviceToken.call` audit row
 * whose actor is the token (`service-token:<id>:<prefix>`), never its secret.
 */
export function serviceApi(deps: {
  ds: DataSource;
  tokens: ServiceTokenService;
  journeys: JourneyService;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  clientIp: (req: Request) => string;
  callsPerMinute?: number;
}): Router {
  const { ds, tokens, journeys, redis, logger } = deps;
  const limit = deps.callsPerMinute ?? defaultCallsPerMinute;
  const router = express.Router();
  const json = express.json({ limit: bodyLimit, strict: true, type: () => true });

  router.post('/journeys/:id/start', async (req: Request, res: Response, next: NextFunction) => {
    const now = new Date();
    const ip = deps.clientIp(req);
    const raw = String(req.params.id);
    const journeyId = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : null;
    let actor: Actor = tokenActor(null, ip);
    let detail = '';
    const answer = async (status: number, body: object, what: string) => {
      await writeAudit(
        ds.manager,
        {
          action: 'serviceToken.call',
          resource: 'Journey',
          recordId: journeyId,
          actor,
          detail: `${status} ${what}; journey ${journeyId ?? '?'}${detail}`,
        },
        now,
      );
      res.status(status).json(body);
    };
    const refuse = (status: number, problem: ApiProblem) => answer(status, { ok: false, problems: [problem] }, problem.code);
    try {
      const auth = await tokens.authenticate(req.get('authorization'));
      if (!auth.ok) {
        actor = tokenActor({ id: auth.tokenId, prefix: auth.prefix }, ip);
        res.set('WWW-Authenticate', 'Bearer realm="service-api"');
        return await refuse(401, auth.problem);
      }
      const token = auth.token;
      actor = tokenActor(token, ip);
      await runAsActor(actor, async () => {
        const wait = await overRate(redis, `${deps.keyPrefix}:service-rate:${token.id}`, limit, now);
        if (wait > 0) {
          res.set('Retry-After', String(wait));
          return refuse(429, apiProblem('rateLimited', { seconds: wait }));
        }
        if (journeyId === null || !inScope(token.journeyIds, journeyId)) return refuse(403, apiProblem('outOfScope', { id: raw.slice(0, 40) }));
        const body = await readJson(req, res, json);
        if (!body) return refuse(400, apiProblem('jsonRequired'));
        const problems: ApiProblem[] = [];
        if (typeof body.customerNo !== 'string' || !customerNoPattern.test(body.customerNo)) problems.push(apiProblem('customerNoFormat', undefined, { path: 'customerNo' }));
        if (typeof body.requestId !== 'string' || !requestIdPattern.test(body.requestId)) problems.push(apiProblem('requestIdFormat', undefined, { path: 'requestId' }));
        if (problems.length) return answer(400, { ok: false, problems }, problems.map((p) => p.code).join(','));
        const customerNo = body.customerNo as string;
        const requestId = body.requestId as string;
        detail = `; customer ${customerNo}; request ${requestId}`;
        await tokens.touch(token.id, now);
        const outcome = await journeys.startForApi(journeyId, customerNo, apiEntryKey(token.id, requestId));
        if (!outcome.ok) return answer(outcome.status, { ok: false, problems: outcome.problems }, outcome.problems.map((p) => p.code).join(','));
        const { instanceId, started, repeated, reason } = outcome;
        const what = started ? `started instance ${instanceId}` : repeated ? `repeated, instance ${instanceId}` : `not started (${reason ?? 'entry rules'})`;
        return answer(started ? 201 : 200, { ok: true, instanceId, started, repeated, ...(reason ? { reason } : {}) }, what);
      });
    } catch (err) {
      next(err);
    }
  });

  // Nothing else lives here: a JSON 404 (never the console's pages).
  router.use((_req, res) => res.status(404).json({ ok: false, problems: [apiProblem('notFoundRoute')] }));

  // This router's own error handler: always JSON, never a stack or SQL; the error goes to the log under a reference.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const ref = Math.random().toString(36).slice(2, 10);
    logger.error({ err, ref, method: req.method, url: req.originalUrl }, 'service API call failed');
    writeAudit(ds.manager, {
      action: 'serviceToken.call',
      resource: 'Journey',
      recordId: null,
      actor: tokenActor(null, deps.clientIp(req)),
      detail: `500 internal error ${ref}`,
    }).catch(() => undefined);
    if (!res.headersSent) res.status(500).set('Cache-Control', 'no-store').json({ ok: false, error: 'internal error', ref });
  });
  return router;
}

/** The JSON object of the body, or null when it is not one (wrong type, malformed, too large). */
async function readJson(req: Request, res: Response, json: express.RequestHandler): Promise<Record<string, unknown> | null> {
  if (!req.is('application/json')) return null;
  const ok = await new Promise<boolean>((resolve) => json(req, res, (err?: unknown) => resolve(!err)));
  const body: unknown = req.body;
  return ok && body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/**
 * A fixed one-minute window per token in Redis (shared by every console
 * process): 0 when the call may go on, else the seconds until the window ends.
 */
export async function overRate(redis: Redis, key: string, limit: number, now: Date): Promise<number> {
  const minute = Math.floor(now.getTime() / 60_000);
  const k = `${key}:${minute}`;
  const [[, count]] = (await redis.multi().incr(k).expire(k, 120).exec()) as [[unknown, number], unknown];
  if (Number(count) <= limit) return 0;
  return Math.max(1, 60 - Math.floor((now.getTime() % 60_000) / 1000));
}
