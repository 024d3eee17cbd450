import express, { type RequestHandler, type Router } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { registry } from '../../engine/observability/metrics.js';

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz: the process is up. /readyz: every dependency answers (each check
 * reported by name). /metrics: Prometheus text; collectors refresh gauges
 * such as queue depths just before the scrape. With a metrics token (always
 * in production) /metrics answers only a scraper that sends it as a bearer
 * token: its figures name queues, topics, routes and traffic volumes.
 */
export function healthRoutes(checks: Record<string, ReadinessCheck>, collectors: Array<() => Promise<void>>, options: { metricsToken?: string } = {}): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 3000);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `failing: ${(err as Error).message}`] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  router.get('/metrics', requireBearer(options.metricsToken), async (_req, res) => {
    await Promise.allSettled(collectors.map((c) => c()));
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function requireBearer(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const expected = digest(token);
  return (req, res, next) => {
    const sent = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (sent && timingSafeEqual(digest(sent), expected)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics need the bearer token configured in METRICS_TOKEN\n');
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
