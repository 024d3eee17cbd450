import { Counter, Gauge } from 'prom-client';
import { registry } from '../observability/metrics.js';
import type { OutboxQueryable } from './append-to-outbox.js';

/** Metrics of the domain-event outbox and its relay (read at /metrics). */
export const outboxBacklog = new Gauge({
  name: 'outbox_backlog',
  help: 'Domain events in the outbox not yet published (read when /metrics is scraped)',
  registers: [registry],
});

export const outboxOldestUnpublished = new Gauge({
  name: 'outbox_oldest_unpublished_seconds',
  help: 'Age of the oldest unpublished domain event, 0 when none (read when /metrics is scraped)',
  registers: [registry],
});

export const outboxPublished = new Counter({
  name: 'outbox_events_published_total',
  help: 'Domain events this process relayed (sent to Kafka and to the in-process subscribers, marked published), by topic',
  labelNames: ['topic'] as const,
  registers: [registry],
});

export const outboxRelayFailures = new Counter({
  name: 'outbox_relay_failures_total',
  help: 'Relay batches that failed and were rolled back, by error kind (operational: retried with backoff; fatal: relay stalled) and stage (read, subscriber, kafka, database)',
  labelNames: ['kind', 'stage'] as const,
  registers: [registry],
});

export const outboxSubscriberSkipped = new Counter({
  name: 'outbox_subscriber_skipped_total',
  help: 'Events an in-process subscriber refused with a UserError (logged with the event id and skipped), by subscriber',
  labelNames: ['subscriber'] as const,
  registers: [registry],
});

export const outboxRelayStalled = new Gauge({
  name: 'outbox_relay_stalled',
  help: "1 while this process's relay is stopped by a fatal error (see the log and its problem()), else 0",
  registers: [registry],
});

/** Reads the backlog gauges (a collector of /metrics). Both queries walk the (published_at, id) index from its NULL end. */
export async function collectOutboxBacklog(db: OutboxQueryable, now = new Date()): Promise<void> {
  const [count] = (await db.query('SELECT COUNT(*) AS n FROM domain_event WHERE published_at IS NULL')) as Array<{ n: number | string }>;
  const [oldest] = (await db.query('SELECT occurred_at FROM domain_event WHERE published_at IS NULL ORDER BY id LIMIT 1')) as Array<{ occurred_at: Date }>;
  outboxBacklog.set(Number(count?.n ?? 0));
  outboxOldestUnpublished.set(oldest ? Math.max(0, (now.getTime() - new Date(oldest.occurred_at).getTime()) / 1000) : 0);
}
