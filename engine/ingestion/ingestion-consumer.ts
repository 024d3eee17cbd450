import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { createBatchHandler } from './batch-handler.js';
import { ConsumerSupervisor } from './consumer-supervisor.js';
import { startLagReporter } from './consumer-lag.js';
import { DeadLetterSender } from './dead-letter-sender.js';
import { defaultEventLimits, type EventLimits } from './event-limits.js';
import { IngestionHealth } from './ingestion-health.js';
import type { SourcedEvent } from './store-events.js';

export interface IngestionOptions {
  kafka: Kafka;
  ds: DataSource;
  logger: Logger;
  groupId: string;
  topic: string;
  dlqTopic: string;
  /** Sanity limits of events (INGEST_* configuration). */
  limits?: EventLimits;
  /** Called after a batch is stored, before its offsets are committed (journeys hook in here). */
  onStored?: (stored: SourcedEvent[]) => Promise<void>;
  /**
   * Called with the customers of every valid event of the batch, new or
   * duplicate (a batch retried after a failure here finds its events already
   * stored, and must still re-evaluate them), before offsets are committed.
   */
  onCustomersTouched?: (customerIds: number[]) => Promise<void>;
  /** Delay before replacing a crashed consumer, doubled per consecutive crash. Default 1 s up to 30 s. */
  restartBackoff?: { initialMs: number; maxMs: number };
  /** How often kafka_consumer_lag is read from the broker, also while the consumer is down. Default 5 s. */
  lagEveryMs?: number;
}

export interface RunningIngestion {
  stop(): Promise<void>;
  /** Null while consuming; otherwise why not (for /readyz). */
  problem(): string | null;
}

/**
 * Consumer group on `customer-events`: per batch, store the valid events and
 * dead-letter the rest with the reason, then commit (batch-handler.ts); a
 * supervisor replaces the consumer after any crash (consumer-supervisor.ts);
 * the lag is read from the broker on a timer (consumer-lag.ts).
 */
export async function startIngestion(opts: IngestionOptions): Promise<RunningIngestion> {
  const { kafka, ds, logger, topic, dlqTopic, groupId } = opts;
  const health = new IngestionHealth();
  const admin: Admin = kafka.admin();
  await admin.connect();

  // Each (re)start gets a fresh DLQ producer: one that failed may hold a broken connection.
  let producer: Producer | null = null;
  let sender: DeadLetterSender | null = null;
  const freshDeadLetterSender = async () => {
    await producer?.disconnect().catch(() => undefined);
    producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // Few retries: a failed send fails the batch, which the consumer retries anyway.
      retry: { initialRetryTime: 300, retries: 2, maxRetryTime: 2000 },
    });
    await producer.connect();
    sender = new DeadLetterSender(producer, admin, dlqTopic, logger);
    await sender.refreshLimit();
  };

  let supervisor: ConsumerSupervisor | null = null;
  const eachBatch = createBatchHandler({
    ds, logger, health, limits: opts.limits ?? defaultEventLimits,
    deadLetters: () => sender!,
    onSuccess: () => supervisor?.recovered(),
    onStored: opts.onStored,
    onCustomersTouched: opts.onCustomersTouched,
  });
  supervisor = new ConsumerSupervisor({
    kafka, groupId, topic, logger, health, eachBatch,
    beforeStart: freshDeadLetterSender,
    backoff: opts.restartBackoff ?? { initialMs: 1000, maxMs: 30_000 },
  });
  const lag = startLagReporter({ admin, groupId, topic, everyMs: opts.lagEveryMs ?? 5000, logger });
  await supervisor.start();

  return {
    problem: () => health.problem(),
    async stop() {
      lag.stop();
      await supervisor!.stop();
      await (producer as Producer | null)?.disconnect();
      await admin.disconnect();
    },
  };
}
