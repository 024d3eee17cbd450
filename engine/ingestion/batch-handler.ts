import type { EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { ingestedEvents, kafkaConsumerLag } from '../observability/metrics.js';
import type { DeadLetter } from './dead-letter-messages.js';
import type { DeadLetterSender } from './dead-letter-sender.js';
import type { EventLimits } from './event-limits.js';
import { batchFailures } from './ingestion-metrics.js';
import type { IngestionHealth } from './ingestion-health.js';
import { parseCustomerEvent } from './parse-customer-event.js';
import { storeEvents, type SourcedEvent, type StoreResult } from './store-events.js';
import type { StoredEventBatch, StoredEventHandler } from './stored-event-handler.js';

export interface BatchHandlerDeps {
  ds: DataSource;
  logger: Logger;
  limits: EventLimits;
  health: IngestionHealth;
  /** The current session's sender (a restart replaces it). */
  deadLetters: () => DeadLetterSender;
  /** A batch went through (resets the restart backoff). */
  onSuccess: () => void;
  /** Run in order with the batch's stored and duplicate events, before the offsets are committed. */
  storedEventHandlers?: readonly StoredEventHandler[];
}

type Stage = 'store' | 'dead_letter' | 'hooks' | 'commit';

/**
 * One batch of one partition: decode and check every message, store the
 * valid ones, dead-letter the rest (malformed, beyond the limits, unknown
 * customer, refused by the database) with the reason, run the stored-event
 * handlers (stored-event-handler.ts), and only then commit the offsets. Bad data never throws; only an operational failure
 * does (database or broker unreachable), and then nothing is committed, the
 * failure is counted by stage, /readyz says so, and the batch is read again.
 */
export function createBatchHandler(deps: BatchHandlerDeps) {
  return async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const partitionKey = `${batch.topic}/${batch.partition}`;
    let stage: Stage = 'store';
    let handler: string | undefined;
    try {
      const receivedAt = new Date();
      const valid: SourcedEvent[] = [];
      const dead: DeadLetter[] = [];
      // The DLQ carries the message exactly as the channel sent it, so it can be replayed.
      const bySource = new Map<string, { key: Buffer | null; value: Buffer | null; offset: string }>();
      for (const m of batch.messages) {
        const source = `${batch.topic}/${batch.partition}/${m.offset}`;
        bySource.set(source, { key: m.key, value: m.value, offset: m.offset });
        const parsed = parseCustomerEvent(m.value, deps.limits, receivedAt);
        if (parsed.ok) valid.push({ event: parsed.event, source });
        else dead.push({ reason: parsed.reason, key: m.key, value: m.value, topic: batch.topic, partition: batch.partition, offset: m.offset });
      }
      const letter = (item: SourcedEvent, reason: string): DeadLetter => {
        const m = bySource.get(item.source)!;
        return { reason, key: m.key, value: m.value, topic: batch.topic, partition: batch.partition, offset: m.offset };
      };

      const result = await storeEvents(deps.ds, valid, receivedAt);
      // Counted now: this is what the database holds, whatever happens to the rest of the batch.
      ingestedEvents.inc({ outcome: 'stored' }, result.stored.length);
      ingestedEvents.inc({ outcome: 'duplicate' }, result.duplicates.length);
      for (const u of result.unknownCustomer) dead.push(letter(u, `unknown customer: customerNo "${u.event.customerNo}" does not exist`));
      for (const r of result.refused) dead.push(letter(r, r.reason));
      await payload.heartbeat();

      if (dead.length > 0) {
        stage = 'dead_letter';
        await deps.deadLetters().send(dead, () => payload.heartbeat());
        ingestedEvents.inc({ outcome: 'dead_lettered' }, dead.length);
        for (const d of dead) deps.logger.warn({ source: `${d.topic}/${d.partition}/${d.offset}`, reason: d.reason.slice(0, 300) }, 'event dead-lettered');
      }

      stage = 'hooks';
      const stored = storedEventBatch(result);
      if (stored.events.length > 0) {
        for (const h of deps.storedEventHandlers ?? []) {
          handler = h.name;
          await h.handle(stored);
          await payload.heartbeat();
        }
        handler = undefined;
      }

      stage = 'commit';
      const last = batch.messages[batch.messages.length - 1]!;
      payload.resolveOffset(last.offset);
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }],
      });
      await payload.heartbeat();

      const lag = Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n);
      kafkaConsumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, lag));
      deps.health.batchSucceeded(partitionKey);
      deps.onSuccess();
      deps.logger.debug({ partition: batch.partition, stored: result.stored.length, duplicates: result.duplicates.length, dead: dead.length }, 'batch ingested');
    } catch (err) {
      batchFailures.inc({ stage });
      deps.health.batchFailed(partitionKey, stage, err);
      deps.logger.error({ err, partition: partitionKey, stage, handler }, 'ingestion batch failed; it will be retried (offsets not committed)');
      throw err;
    }
  };
}

/** The events of the batch that are in behaviour_event (stored now or before), in the order they came. */
export function storedEventBatch(result: Pick<StoreResult, 'stored' | 'duplicates' | 'customerIds'>): StoredEventBatch {
  const all = [...result.stored, ...result.duplicates].sort((a, b) => compareSources(a.source, b.source));
  return {
    customerIds: result.customerIds,
    events: all.map(({ event, customerId }) => ({
      eventId: event.eventId,
      customerId,
      customerNo: event.customerNo,
      type: event.type,
      occurredAt: event.occurredAt,
      properties: event.properties,
    })),
  };
}

/** topic/partition/offset: offsets compared as numbers (one batch is one partition). */
function compareSources(a: string, b: string): number {
  const offset = (s: string) => BigInt(s.slice(s.lastIndexOf('/') + 1));
  const d = offset(a) - offset(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
