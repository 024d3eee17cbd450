import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { ingestedEvents, kafkaConsumerLag } from '../observability/metrics.js';
import { parseCustomerEvent } from './parse-customer-event.js';
import { storeEvents, type SourcedEvent, type StoreResult } from './store-events.js';

export interface IngestionOptions {
  kafka: Kafka;
  ds: DataSource;
  logger: Logger;
  groupId: string;
  topic: string;
  dlqTopic: string;
  /** Called after a batch is stored, before its offsets are committed (journeys hook in here). */
  onStored?: (stored: SourcedEvent[]) => Promise<void>;
  /**
   * Called with the customers of every valid event of the batch, new or
   * duplicate (a batch retried after a failure here finds its events already
   * stored, and must still re-evaluate them), before offsets are committed.
   */
  onCustomersTouched?: (customerIds: number[]) => Promise<void>;
}

export interface RunningIngestion {
  stop(): Promise<void>;
}

interface DeadLetter {
  reason: string;
  value: Buffer | null;
  key: Buffer | null;
  source: string;
}

/**
 * Consumer group on `customer-events`. Per batch: decode every message,
 * store the valid ones in one transaction, send the rest to the DLQ with
 * the reason, and only then mark the offsets as processed and commit them.
 * A database or DLQ failure throws, so the batch is retried, never skipped.
 */
export async function startIngestion(opts: IngestionOptions): Promise<RunningIngestion> {
  const { kafka, ds, logger, topic, dlqTopic } = opts;
  const consumer: Consumer = kafka.consumer({ groupId: opts.groupId, sessionTimeout: 30000, heartbeatInterval: 3000, maxWaitTimeInMs: 250 });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload: EachBatchPayload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      const valid: SourcedEvent[] = [];
      const dead: DeadLetter[] = [];
      // The DLQ carries the message exactly as the channel sent it, so it can be replayed.
      const original = new Map<string, { key: Buffer | null; value: Buffer | null }>();
      for (const m of batch.messages) {
        const source = `${batch.topic}/${batch.partition}/${m.offset}`;
        original.set(source, { key: m.key, value: m.value });
        const parsed = parseCustomerEvent(m.value);
        if (parsed.ok) valid.push({ event: parsed.event, source });
        else dead.push({ reason: parsed.reason, value: m.value, key: m.key, source });
      }
      const result: StoreResult = await storeEvents(ds, valid, new Date());
      for (const u of result.unknownCustomer) {
        dead.push({ reason: `unknown customer: customerNo "${u.event.customerNo}" does not exist`, ...original.get(u.source)!, source: u.source });
      }
      if (dead.length > 0) {
        await producer.send({
          topic: dlqTopic,
          messages: dead.map((d) => ({
            key: d.key,
            value: d.value,
            headers: { 'dlq-reason': d.reason, 'dlq-source': d.source, 'dlq-at': new Date().toISOString() },
          })),
        });
        for (const d of dead) logger.warn({ source: d.source, reason: d.reason }, 'event dead-lettered');
      }
      if (opts.onStored && result.stored.length > 0) await opts.onStored(result.stored);
      if (opts.onCustomersTouched && result.customerIds.length > 0) await opts.onCustomersTouched(result.customerIds);

      const last = batch.messages[batch.messages.length - 1]!;
      payload.resolveOffset(last.offset);
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }],
      });
      await payload.heartbeat();

      ingestedEvents.inc({ outcome: 'stored' }, result.stored.length);
      ingestedEvents.inc({ outcome: 'duplicate' }, result.duplicates.length);
      ingestedEvents.inc({ outcome: 'dead_lettered' }, dead.length);
      const lag = Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n);
      kafkaConsumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, lag));
      logger.debug({ partition: batch.partition, stored: result.stored.length, duplicates: result.duplicates.length, dead: dead.length }, 'batch ingested');
    },
  });

  consumer.on(consumer.events.CRASH, (e) => logger.error({ err: e.payload.error, restart: e.payload.restart }, 'ingestion consumer crashed'));

  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
