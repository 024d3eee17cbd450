import { Counter, Gauge } from 'prom-client';
import { registry } from '../observability/metrics.js';

/**
 * Metrics of the ingestion consumer's health, next to the shared
 * `ingestion_events_total` and `kafka_consumer_lag` (engine/observability/metrics.ts).
 */
export const consumerUp = new Gauge({
  name: 'ingestion_consumer_up',
  help: '1 while the ingestion consumer is in its group and its last batch succeeded, else 0',
  registers: [registry],
});

export const consumerRestarts = new Counter({
  name: 'ingestion_consumer_restarts_total',
  help: 'Times the ingestion consumer was replaced after a crash',
  registers: [registry],
});

export const batchFailures = new Counter({
  name: 'ingestion_batch_failures_total',
  help: 'Batches that failed and will be retried (offsets not committed), by stage (store, dead_letter, hooks, commit)',
  labelNames: ['stage'] as const,
  registers: [registry],
});

export const deadLettersDropped = new Counter({
  name: 'ingestion_dead_letters_dropped_total',
  help: 'Dead letters the DLQ refused even without their payload; each is in the log with its source',
  registers: [registry],
});
