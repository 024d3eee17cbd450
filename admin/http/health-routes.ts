import express, { type Router } from 'express';
import { registry } from '../../engine/observability/metrics.js';

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz: the process is up. /readyz: every dependency answers (each check
 * reported by name). /metrics: Prometheus text; collectors refresh gauges
 * such as queue depths just before the scrape.
 */
export function healthRoutes(checks: Record<string, ReadinessCheck>, collectors: Array<() => Promise<void>>): Router {
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
  router.get('/metrics', async (_req, res) => {
    await Promise.allSettled(collectors.map((c) => c()));
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
