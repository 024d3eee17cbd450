import { DataSource, EntityManager } from 'typeorm';
import { describeProblems, parseDomainEvent, type DomainEvent } from '../definitions/domain-events/index.js';
import { FatalError } from '../errors/fatal.error.js';

/** Anything that runs SQL: a TypeORM transaction's EntityManager (`ds.transaction((tx) => …)`), a mysql2 connection. */
export interface OutboxQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Rows per INSERT statement: a refresh that moves 100,000 customers stays far below max_allowed_packet. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Writes events to the outbox (`domain_event`), INSIDE the transaction of
 * the change that causes them: the change and its events commit together
 * or not at all, and the relay (domain-event-relay.ts) sends them once
 * committed. One multi-row INSERT (per 1,000 events), in the order given:
 * the row id is the delivery order, so write a customer's events in the
 * order they happened, after taking the lock of the row the change is about
 * (then two dependent writes get their ids in commit order).
 *
 * Every event is checked against the catalogue again: a row the relay
 * could not read back would stop the relay for everyone, so a bad event
 * fails the writer's transaction instead (FatalError `invalidDomainEvent`).
 * Called with a DataSource or an EntityManager outside a transaction, it
 * refuses (FatalError `outboxOutsideTransaction`): the events would commit
 * without the change, or the change without them.
 */
export async function appendToOutbox(q: OutboxQueryable, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (q instanceof DataSource || (q instanceof EntityManager && !q.queryRunner?.isTransactionActive)) {
    throw new FatalError('outboxOutsideTransaction', 'domain events must be appended inside the transaction of the change that causes them');
  }
  const rows = events.map((event) => {
    const parsed = parseDomainEvent(event);
    if (!parsed.ok) throw new FatalError('invalidDomainEvent', `invalid ${String((event as { type?: unknown }).type)} event: ${describeProblems(parsed.errors)}`);
    const e = parsed.event;
    return [e.eventId, e.type, e.customerNo, new Date(e.occurredAt), JSON.stringify(e)];
  });
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await q.query('INSERT INTO domain_event (event_id, type, customer_no, occurred_at, body) VALUES ?', [rows.slice(i, i + ROWS_PER_STATEMENT)]);
  }
}
