/**
 * What the ingestion consumer hands to the components that react to stored
 * customer events (segment membership now, journeys later), after the
 * batch is stored and before its offsets are committed.
 */

/** One customer event of the batch, as stored in behaviour_event. */
export interface StoredEvent {
  eventId: string;
  customerId: number;
  customerNo: string;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

/**
 * The batch's events that are in behaviour_event: the ones this batch
 * stored AND the duplicates (already stored: a redelivery after a crash
 * between the store and the offset commit, a re-produced event, the same id
 * twice in the batch), in the order they came. A handler that failed
 * halfway through a batch gets the same events again when the batch is
 * retried, so handlers must be idempotent (keyed on `eventId`).
 * `customerIds`: the distinct customers of those events.
 */
export interface StoredEventBatch {
  customerIds: number[];
  events: StoredEvent[];
}

/**
 * A component that reacts to stored events. Handlers run one after the
 * other, in the order registered, before the offsets are committed; one that
 * throws fails the batch (stage `hooks`): nothing is committed and the whole
 * batch, with every handler, runs again.
 */
export interface StoredEventHandler {
  /** Names the handler in logs (kebab-case, e.g. `segment-membership`). */
  name: string;
  handle(batch: StoredEventBatch): Promise<void>;
}
