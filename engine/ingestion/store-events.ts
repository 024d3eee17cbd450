import type { DataSource } from 'typeorm';
import type { CustomerEvent } from '../definitions/customer-event.schema.js';

export interface SourcedEvent {
  event: CustomerEvent;
  /** topic/partition/offset, kept with the fact for tracing. */
  source: string;
}

export interface StoreResult {
  stored: SourcedEvent[];
  duplicates: SourcedEvent[];
  unknownCustomer: SourcedEvent[];
  /** Distinct customers of the stored and duplicate events. */
  customerIds: number[];
}

/**
 * Stores a batch of valid events as behaviour facts in one transaction.
 * Customers are resolved in one query; `INSERT IGNORE` on the unique
 * event_id makes a redelivered or re-produced event a no-op.
 */
export async function storeEvents(ds: DataSource, batch: SourcedEvent[], now: Date): Promise<StoreResult> {
  const result: StoreResult = { stored: [], duplicates: [], unknownCustomer: [], customerIds: [] };
  if (batch.length === 0) return result;
  return ds.transaction(async (tx) => {
    const numbers = [...new Set(batch.map((b) => b.event.customerNo))];
    const rows: Array<{ id: number; customer_no: string }> = await tx.query(
      'SELECT id, customer_no FROM customer WHERE customer_no IN (?)', [numbers],
    );
    const idByNo = new Map(rows.map((r) => [r.customer_no, Number(r.id)]));
    result.customerIds = [...new Set(batch.map((b) => idByNo.get(b.event.customerNo)).filter((id): id is number => id !== undefined))];

    // Within one batch the same eventId may appear twice; keep the first.
    const seen = new Set<string>();
    const insertable: Array<SourcedEvent & { customerId: number }> = [];
    for (const item of batch) {
      const customerId = idByNo.get(item.event.customerNo);
      if (customerId === undefined) result.unknownCustomer.push(item);
      else if (seen.has(item.event.eventId)) result.duplicates.push(item);
      else {
        seen.add(item.event.eventId);
        insertable.push({ ...item, customerId });
      }
    }
    if (insertable.length === 0) return result;

    const existing: Array<{ event_id: string }> = await tx.query(
      'SELECT event_id FROM behaviour_event WHERE event_id IN (?)', [insertable.map((i) => i.event.eventId)],
    );
    const already = new Set(existing.map((r) => r.event_id));
    const fresh = insertable.filter((i) => !already.has(i.event.eventId));
    result.duplicates.push(...insertable.filter((i) => already.has(i.event.eventId)));
    if (fresh.length > 0) {
      await tx.query(
        'INSERT IGNORE INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES ?',
        [fresh.map((i) => [i.event.eventId, i.customerId, i.event.customerNo, i.event.type, i.event.occurredAt, JSON.stringify(i.event.properties), now, i.source])],
      );
    }
    result.stored.push(...fresh);
    return result;
  });
}
