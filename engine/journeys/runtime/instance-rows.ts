import type { JourneyInstanceState } from '../interpreter/journey-step.types.js';
import { jsonColumn } from '../../segments/json-column.util.js';
import type { Queryable } from '../../segments/customer-facts.js';

/** A journey_instance row as the runtime holds it while the row is locked. */
export interface InstanceRow {
  id: string;
  journeyId: number;
  versionId: number;
  customerId: number;
  state: JourneyInstanceState;
}

const columns = 'id, journey_id, version_id, customer_id, state';

function fromDb(r: { id: string | number; journey_id: number; version_id: number; customer_id: number; state: unknown }): InstanceRow {
  return { id: String(r.id), journeyId: Number(r.journey_id), versionId: Number(r.version_id), customerId: Number(r.customer_id), state: jsonColumn(r.state) };
}

/**
 * Locks and reads running instances. Rows are locked in id order so two
 * transactions locking overlapping sets (an event batch and a wake-up batch)
 * wait for each other instead of deadlocking.
 */
export async function lockInstancesById(tx: Queryable, ids: string[]): Promise<InstanceRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query(`SELECT ${columns} FROM journey_instance WHERE id IN (?) AND active = 1 ORDER BY id FOR UPDATE`, [ids]);
  return rows.map(fromDb);
}

export async function lockInstancesOfCustomers(tx: Queryable, customerIds: number[]): Promise<InstanceRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await tx.query(`SELECT ${columns} FROM journey_instance WHERE customer_id IN (?) AND active = 1 ORDER BY id FOR UPDATE`, [customerIds]);
  return rows.map(fromDb);
}

export async function lockInstancesOfJourney(tx: Queryable, journeyId: number, limit: number): Promise<InstanceRow[]> {
  const rows = await tx.query(`SELECT ${columns} FROM journey_instance WHERE journey_id = ? AND active = 1 ORDER BY id LIMIT ${Number(limit)} FOR UPDATE`, [journeyId]);
  return rows.map(fromDb);
}

/** The columns derived from a state: what the scheduler, the counters and the unique keys read. */
export function stateColumns(s: JourneyInstanceState) {
  const ended = s.status === 'ended';
  return {
    active: ended ? null : 1,
    node_id: s.nodeId,
    waiting_kind: s.wait?.kind ?? null,
    state: JSON.stringify(s),
    due_at: s.dueAt === null ? null : new Date(s.dueAt),
    ended_at: ended && s.outcome ? new Date(s.outcome.at) : null,
    end_reason: ended ? (s.outcome?.reason ?? null) : null,
    error_code: s.outcome?.errorCode ?? null,
    converted: s.outcome?.reason === 'goalReached' ? 1 : 0,
  };
}

/**
 * Writes changed states back in one statement (INSERT ... ON DUPLICATE KEY
 * UPDATE on the primary key, i.e. a multi-row UPDATE). Every written row has
 * its wake-up marker cleared: it was just processed, and its new due time
 * is for the scheduler to pick up.
 */
export async function saveStates(tx: Queryable, rows: InstanceRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => {
    const c = stateColumns(r.state);
    return [
      r.id,
      r.journeyId,
      r.versionId,
      r.customerId,
      r.state.customerNo,
      c.active,
      c.node_id,
      c.waiting_kind,
      c.state,
      c.due_at,
      null,
      'x',
      'x',
      now,
      c.ended_at,
      c.end_reason,
      c.error_code,
      c.converted,
      now,
    ];
  });
  await tx.query(
    `INSERT INTO journey_instance (id, journey_id, version_id, customer_id, customer_no, active, node_id, waiting_kind, state, due_at,
       wake_queued_at, entry_kind, entry_key, entered_at, ended_at, end_reason, error_code, converted, updated_at) VALUES ?
     ON DUPLICATE KEY UPDATE active = VALUES(active), node_id = VALUES(node_id), waiting_kind = VALUES(waiting_kind), state = VALUES(state),
       due_at = VALUES(due_at), wake_queued_at = NULL, ended_at = VALUES(ended_at), end_reason = VALUES(end_reason),
       error_code = VALUES(error_code), converted = VALUES(converted), updated_at = VALUES(updated_at)`,
    [values],
  );
}

export interface NewInstance {
  journeyId: number;
  versionId: number;
  customerId: number;
  entryKind: string;
  entryKey: string;
  state: JourneyInstanceState;
}

/**
 * Inserts new instances and returns their ids by `journeyId|entryKey`. The
 * caller has already locked the customers' running instances and checked the
 * entry keys, so a duplicate here means another process raced us: the
 * statement fails with a duplicate key, the transaction rolls back and is
 * retried, and the retry sees the other process's row.
 */
export async function insertInstances(tx: Queryable, items: NewInstance[], now: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (items.length === 0) return ids;
  const values = items.map((n) => {
    const c = stateColumns(n.state);
    return [
      n.journeyId,
      n.versionId,
      n.customerId,
      n.state.customerNo,
      c.active,
      c.node_id,
      c.waiting_kind,
      c.state,
      c.due_at,
      n.entryKind,
      n.entryKey,
      new Date(n.state.enteredAt),
      c.ended_at,
      c.end_reason,
      c.error_code,
      c.converted,
      now,
    ];
  });
  await tx.query(
    `INSERT INTO journey_instance (journey_id, version_id, customer_id, customer_no, active, node_id, waiting_kind, state, due_at,
       entry_kind, entry_key, entered_at, ended_at, end_reason, error_code, converted, updated_at) VALUES ?`,
    [values],
  );
  const byJourney = new Map<number, string[]>();
  for (const n of items) byJourney.set(n.journeyId, [...(byJourney.get(n.journeyId) ?? []), n.entryKey]);
  for (const [journeyId, keys] of byJourney) {
    const rows: Array<{ id: string; entry_key: string }> = await tx.query('SELECT id, entry_key FROM journey_instance WHERE journey_id = ? AND entry_key IN (?)', [
      journeyId,
      keys,
    ]);
    for (const r of rows) ids.set(`${journeyId}|${r.entry_key}`, String(r.id));
  }
  return ids;
}

/** Entry keys already used, as `journeyId|entryKey` (a replayed trigger). */
export async function usedEntryKeys(tx: Queryable, keys: Array<{ journeyId: number; entryKey: string }>): Promise<Set<string>> {
  const used = new Set<string>();
  const byJourney = new Map<number, string[]>();
  for (const k of keys) byJourney.set(k.journeyId, [...(byJourney.get(k.journeyId) ?? []), k.entryKey]);
  for (const [journeyId, list] of byJourney) {
    const rows: Array<{ entry_key: string }> = await tx.query('SELECT entry_key FROM journey_instance WHERE journey_id = ? AND entry_key IN (?)', [journeyId, list]);
    for (const r of rows) used.add(`${journeyId}|${r.entry_key}`);
  }
  return used;
}

/** When each customer last entered each journey (for the re-entry rule), as `journeyId|customerId`. */
export async function lastEntries(tx: Queryable, journeyIds: number[], customerIds: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (journeyIds.length === 0 || customerIds.length === 0) return out;
  const rows: Array<{ journey_id: number; customer_id: number; last: string }> = await tx.query(
    `SELECT journey_id, customer_id, DATE_FORMAT(MAX(entered_at), '%Y-%m-%dT%H:%i:%s.%fZ') AS last FROM journey_instance
      WHERE journey_id IN (?) AND customer_id IN (?) GROUP BY journey_id, customer_id`,
    [journeyIds, customerIds],
  );
  for (const r of rows) out.set(`${Number(r.journey_id)}|${Number(r.customer_id)}`, Date.parse(r.last.replace(/(\.\d{3})\d*Z$/, '$1Z')));
  return out;
}
