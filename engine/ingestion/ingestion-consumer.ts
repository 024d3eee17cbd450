import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { createBatchHandler } from './batch-handler.js';
import { ensureTopics } from '../kafka/ensure-topics.js';
import { ConsumerSupervisor, withTimeout } from './consumer-supervisor.js';
import { startLagReporter } from './consumer-lag.js';
import { DeadLetterSender } from './dead-letter-sender.js';
import { defaultEventLimits, type EventLimits } from './event-limits.js';
import { IngestionHealth } from './ingestion-health.js';
import type { StoredEventHandler } from './stored-event-handler.js';

/** Partitions of the DLQ topic when ingestion creates it again (as engine/runtime/platform.ts does at start). */
const DLQ_PARTITIONS = 1;
/** Upper bound of each step of preparing the DLQ at a (re)start (all within the supervisor's own bound). */
const STEP_MS = 10_000;

export interface IngestionOptions {
  kafka: Kafka;
  ds: DataSource;
  logger: Logger;
  groupId: string;
  topic: string;
  dlqTopic: string;
  /** Sanity limits of events (INGEST_* configuration). */
  limits?: EventLimits;
  /**
   * Run in this order with every valid event of the batch, new or duplicate
   * (a batch retried after a failure here finds its events already stored,
   * and must still be handled), before offsets are committed: real-time
   * segment membership, journeys (stored-event-handler.ts).
   */
  storedEventHandlers?: readonly StoredEventHandler[];
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

  // Each (re)start gets a fresh DLQ producer and admin: one that failed may hold a broken
  // connection, and both keep the metadata of the topic as they last saw it — after the DLQ was
  // deleted and created again, the old partition leaders and ids no longer hold.
  let producer: Producer | null = null;
  let dlqAdmin: Admin | null = null;
  let sender: DeadLetterSender | null = null;
  const freshDeadLetterSender = async () => {
    await Promise.all([quietly(producer?.disconnect(), 'disconnecting the previous DLQ producer'), quietly(dlqAdmin?.disconnect(), 'disconnecting the previous DLQ admin client')]);
    producer = null;
    dlqAdmin = null;
    await ensureDeadLetterTopic();
    const nextProducer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // Few retries: a failed send fails the batch, which the consumer retries anyway.
      retry: { initialRetryTime: 300, retries: 2, maxRetryTime: 2000 },
    });
    const nextAdmin = kafka.admin();
    producer = nextProducer;
    dlqAdmin = nextAdmin;
    await withTimeout(nextProducer.connect(), STEP_MS, 'connecting the DLQ producer');
    await withTimeout(nextAdmin.connect(), STEP_MS, 'connecting the DLQ admin client');
    sender = new DeadLetterSender(nextProducer, nextAdmin, dlqTopic, logger);
    await withTimeout(sender.refreshLimit(), STEP_MS, 'reading max.message.bytes of the DLQ topic');
  };
  /** Bounded, and never failing: a client that will not close is left behind, not waited for. */
  const quietly = async (closing: Promise<void> | undefined, step: string) => {
    if (!closing) return;
    await withTimeout(closing, STEP_MS, step).catch((err: unknown) => logger.warn({ err }, `${step} failed or hung; abandoning it`));
  };
  /**
   * The DLQ topic may have been deleted (an operator purging it): without it every batch with a
   * bad event fails and ingestion stops. So each (re)start creates it again, as the platform
   * does at start. A failure (the broker still deleting it, no right to create topics) only
   * warns: batches without bad events go on, and the next restart tries again.
   */
  const ensureDeadLetterTopic = async () => {
    try {
      const created = await withTimeout(ensureTopics(kafka, [{ name: dlqTopic, partitions: DLQ_PARTITIONS }]), STEP_MS, `creating the DLQ topic ${dlqTopic}`);
      if (created.length > 0) logger.warn({ topic: dlqTopic }, 'the DLQ topic was missing; created it again');
    } catch (err) {
      logger.warn({ err, topic: dlqTopic }, 'could not make sure the DLQ topic exists; dead letters fail until it does');
    }
  };

  let supervisor: ConsumerSupervisor | null = null;
  const eachBatch = createBatchHandler({
    ds,
    logger,
    health,
    limits: opts.limits ?? defaultEventLimits,
    deadLetters: () => sender!,
    onSuccess: () => supervisor?.recovered(),
    storedEventHandlers: opts.storedEventHandlers,
  });
  const lag = startLagReporter({ admin, groupId, topic, everyMs: opts.lagEveryMs ?? 5000, logger });
  supervisor = new ConsumerSupervisor({
    kafka,
    groupId,
    topic,
    logger,
    health,
    eachBatch,
    beforeStart: freshDeadLetterSender,
    // The lag is read at once, not up to lagEveryMs later: the dashboard shows the outage as it starts.
    onCrash: () => void lag.refresh(),
    backoff: opts.restartBackoff ?? { initialMs: 1000, maxMs: 30_000 },
  });
  await supervisor.start();

  return {
    problem: () => health.problem(),
    async stop() {
      lag.stop();
      await supervisor!.stop();
      await quietly((producer as Producer | null)?.disconnect(), 'disconnecting the DLQ producer');
      await quietly((dlqAdmin as Admin | null)?.disconnect(), 'disconnecting the DLQ admin client');
      await quietly(admin.disconnect(), 'disconnecting the admin client');
    },
  };
}
