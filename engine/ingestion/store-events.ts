import type { DataSource, EntityManager } from 'typeorm';
import type { CustomerEvent } from '../definitions/customer-event.schema.js';
import { isDuplicateKey, isRowRefusal, refusalReason } from './db-refusal.js';

export interface SourcedEvent {
  event: CustomerEvent;
  /** topic/partition/offset, kept with the fact for tracing. */
  source: string;
}

/** A valid event of a known customer, with that customer's id. */
export type ResolvedEvent = SourcedEvent & { customerId: number };

export interface StoreResult {
  /** Rows this call inserted (and only those). */
  stored: ResolvedEvent[];
  /** Already stored (redelivered, re-produced, or twice in the batch). */
  duplicates: ResolvedEvent[];
  unknownCustomer: SourcedEvent[];
  /** Events the database refused, each with the reason (for the DLQ). */
  refused: Array<SourcedEvent & { reason: string }>;
  /** Distinct customers of the stored and duplicate events. */
  customerIds: number[];
}

type Insertable = ResolvedEvent;

/**
 * Plain INSERT (not INSERT IGNORE, which turns a refused row into a warning
 * and a silently missing fact) in strict mode for this statement only, so a
 * value the column cannot hold is an error whatever the server's sql_mode.
 */
const INSERT =
  "SET STATEMENT sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION' FOR " +
  'INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES ?';

/** Another consumer may store the same event between our read and our insert; then we read again. */
const DUPLICATE_RACE_ATTEMPTS = 3;

/**
 * Stores a batch of valid events as behaviour facts, counting as stored only
 * what the database has. Customers are resolved and already stored events
 * found in one query each; event ids and customer numbers compare exactly
 * (binary columns, exact JS maps).
 *
 * The fast path inserts the batch in one statement and one transaction. If
 * the database refuses a row, the batch is written again row by row, so the
 * refused rows are singled out (each with its reason) and the others stored.
 * Any other error (connection, lock, missing table) is thrown: the caller
 * retries the batch and does not commit its offsets.
 */
export async function storeEvents(ds: DataSource, batch: SourcedEvent[], now: Date): Promise<StoreResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction((tx) => storeOnce(tx, batch, now, 'batch'));
    } catch (err) {
      if (isDuplicateKey(err) && attempt < DUPLICATE_RACE_ATTEMPTS) continue;
      // Row by row also settles a duplicate that re-reading does not explain: never a batch retried forever.
      if (isRowRefusal(err) || isDuplicateKey(err)) return ds.transaction((tx) => storeOnce(tx, batch, now, 'row by row'));
      throw err;
    }
  }
}

async function storeOnce(tx: EntityManager, batch: SourcedEvent[], now: Date, mode: 'batch' | 'row by row'): Promise<StoreResult> {
  const result: StoreResult = { stored: [], duplicates: [], unknownCustomer: [], refused: [], customerIds: [] };
  if (batch.length === 0) return result;
  const numbers = [...new Set(batch.map((b) => b.event.customerNo))];
  const rows: Array<{ id: number; customer_no: string }> = await tx.query('SELECT id, customer_no FROM customer WHERE customer_no IN (?)', [numbers]);
  const idByNo = new Map(rows.map((r) => [r.customer_no, Number(r.id)]));

  // Within one batch the same eventId may appear twice; keep the first.
  const seen = new Set<string>();
  const candidates: Insertable[] = [];
  for (const item of batch) {
    const customerId = idByNo.get(item.event.customerNo);
    if (customerId === undefined) result.unknownCustomer.push(item);
    else if (seen.has(item.event.eventId)) result.duplicates.push({ ...item, customerId });
    else {
      seen.add(item.event.eventId);
      candidates.push({ ...item, customerId });
    }
  }
  if (candidates.length > 0) {
    const existing: Array<{ event_id: string }> = await tx.query('SELECT event_id FROM behaviour_event WHERE event_id IN (?)', [candidates.map((i) => i.event.eventId)]);
    const already = new Set(existing.map((r) => r.event_id));
    const fresh = candidates.filter((i) => !already.has(i.event.eventId));
    result.duplicates.push(...candidates.filter((i) => already.has(i.event.eventId)));
    if (mode === 'batch') {
      if (fresh.length > 0) await insertRows(tx, fresh, now);
      result.stored.push(...fresh);
    } else {
      for (const item of fresh) {
        try {
          // A failed statement is rolled back alone; the transaction and the rows before it stay.
          await insertRows(tx, [item], now);
          result.stored.push(item);
        } catch (err) {
          // The database holds an event it considers the same (its unique key): a duplicate, not stored by us.
          if (isDuplicateKey(err)) result.duplicates.push(item);
          else if (isRowRefusal(err)) result.refused.push({ ...item, reason: refusalReason(err) });
          else throw err;
        }
      }
    }
  }
  const counted = new Set([...result.stored, ...result.duplicates].map((i) => i.customerId));
  result.customerIds = [...counted];
  return result;
}

async function insertRows(tx: EntityManager, items: Insertable[], now: Date): Promise<void> {
  const values = items.map((i) => [i.event.eventId, i.customerId, i.event.customerNo, i.event.type, i.event.occurredAt, JSON.stringify(i.event.properties), now, i.source]);
  const header: { affectedRows?: number } = await tx.query(INSERT, [values]);
  // Strict mode leaves no row half-written; this catches anything that would still skip one silently.
  if (header?.affectedRows !== undefined && header.affectedRows !== items.length) {
    throw new Error(`behaviour_event: ${header.affectedRows} of ${items.length} rows inserted; batch will be retried`);
  }
}
