import express, { type Router } from 'express';
import { asyncRoute, bodyOf, casl, sendOutcome } from '../http/json-api.js';
import type { ServiceTokenService } from '../../resources/service-token/service-token.service.js';
import { apiProblem } from '../../resources/journey/journey-api-problems.js';

/**
 * Service tokens in the console (administrators only, CASL `ServiceToken`),
 * mounted under the console's session:
 *
 *   GET  /             list: name, prefix, scope, who issued it, when used; never the secret or its hash (read)
 *   POST /             { name, journeyIds } -> the plain token, shown this once (create)
 *   POST /:id/revoke   revoke; the token answers 401 from then on (delete)
 */
export function serviceTokenApi(deps: { tokens: ServiceTokenService }): Router {
  const { tokens } = deps;
  const router = express.Router();
  const guard = casl('ServiceToken', () => ({ ok: false, problems: [apiProblem('forbidden')] }));
  const wrap = asyncRoute;
  const send = sendOutcome;

  router.get(
    '/',
    guard('read'),
    wrap(async (_req, res) => res.json({ ok: true, tokens: await tokens.list() })),
  );
  router.post(
    '/',
    guard('create'),
    wrap(async (req, res) => send(res, await tokens.create(bodyOf(req), new Date()), true)),
  );
  router.post(
    '/:id/revoke',
    guard('delete'),
    wrap(async (req, res) => {
      const raw = String(req.params.id);
      if (!/^[1-9][0-9]{0,9}$/.test(raw)) return res.status(404).json({ ok: false, problems: [apiProblem('tokenNotFound', { id: raw.slice(0, 40) })] });
      send(res, await tokens.revoke(Number(raw), new Date()));
    }),
  );
  router.use((_req, res) => res.status(404).json({ ok: false, problems: [apiProblem('notFoundRoute')] }));
  return router;
}
