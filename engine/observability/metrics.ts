import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of this process. One registry, created once; the
 * components register what they measure here so /metrics shows all of it.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route group and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const kafkaConsumerLag = new Gauge({
  name: 'kafka_consumer_lag',
  help: 'Messages behind the partition high watermark after the last batch',
  labelNames: ['topic', 'partition'] as const,
  registers: [registry],
});

export const ingestedEvents = new Counter({
  name: 'ingestion_events_total',
  help: 'Customer events read from Kafka, by outcome (stored, duplicate, dead_lettered)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const queueDepth = new Gauge({
  name: 'bull_queue_jobs',
  help: 'Jobs per Bull queue and state, read when /metrics is scraped',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});
