import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '../../observability/metrics.js';
import type { Queryable } from '../../segments/customer-facts.js';
import type { AdvanceCounts } from './advance.js';

const stepsTotal = new Counter({
  name: 'journey_transitions_total',
  help: 'Journey instance changes by kind (started, advanced, ignored inputs, ended, converted, messages queued)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

const instances = new Gauge({
  name: 'journey_instances',
  help: 'Journey instances by state (waiting by kind of wait, ended by reason), read when /metrics is scraped',
  labelNames: ['state'] as const,
  registers: [registry],
});

/** The runtime's Prometheus metrics; `collect` reads the gauges from MariaDB at scrape time. */
export const journeyMetrics = {
  wakeLag: new Histogram({
    name: 'journey_wake_lag_seconds',
    help: 'Delay between an instance falling due and its wake-up being processed',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  }),
  stepSeconds: new Histogram({
    name: 'journey_step_seconds',
    help: 'Time to advance one instance (interpreter, writes and commit share of its transaction)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
  }),
  record(c: AdvanceCounts): void {
    for (const [kind, n] of Object.entries(c)) if (n > 0) stepsTotal.inc({ kind }, n);
  },
  async collect(db: Queryable): Promise<void> {
    const waiting: Array<{ kind: string | null; n: number }> = await db.query(
      'SELECT waiting_kind AS kind, COUNT(*) AS n FROM journey_instance WHERE active = 1 GROUP BY waiting_kind',
    );
    instances.reset();
    for (const r of waiting) instances.set({ state: `waiting_${r.kind ?? 'none'}` }, Number(r.n));
  },
};
