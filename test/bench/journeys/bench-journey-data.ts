import type { DataSource } from 'typeorm';
import type { JourneyDefinitionInput } from '../../../engine/definitions/journey/journey-definition.schema.js';
import type { JourneyInstanceState } from '../../../engine/journeys/interpreter/journey-step.types.js';
import { stateColumns } from '../../../engine/journeys/runtime/instance-rows.js';

/** Bench customers J0000001..: plain rows (the journey bench needs ids and numbers, not personal data). */
export const journeyBenchCustomerNo = (i: number) => `JB${String(i).padStart(7, '0')}`;

export async function ensureBenchCustomers(ds: DataSource, count: number, log: (l: string) => void): Promise<Array<{ id: number; customerNo: string }>> {
  const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM customer WHERE customer_no LIKE 'JB%'");
  if (Number(n) < count) {
    log(`creating ${count - Number(n)} bench customers`);
    for (let i = Number(n) + 1; i <= count; i += 5000) {
      const rows = [];
      for (let k = i; k < Math.min(i + 5000, count + 1); k++) rows.push([journeyBenchCustomerNo(k), '벤치', 'ACTIVE', 'SEOUL', 'LOW', '']);
      await ds.query('INSERT INTO customer (customer_no, name, status, region, risk_grade, tags) VALUES ?', [rows]);
    }
  }
  const rows: Array<{ id: number; customer_no: string }> = await ds.query("SELECT id, customer_no FROM customer WHERE customer_no LIKE 'JB%' ORDER BY customer_no LIMIT ?", [
    count,
  ]);
  return rows.map((r) => ({ id: Number(r.id), customerNo: r.customer_no }));
}

/** Publishes a journey straight into the tables; returns journey and version ids. */
export async function publishBenchJourney(ds: DataSource, name: string, definition: JourneyDefinitionInput): Promise<{ journeyId: number; versionId: number }> {
  const entry = definition.entry;
  const j = await ds.query("INSERT INTO journey (name, status) VALUES (?, 'DRAFT')", [name]);
  const journeyId = Number(j.insertId);
  const v = await ds.query('INSERT INTO journey_version (journey_id, version, definition, published_at) VALUES (?, 1, ?, NOW(3))', [journeyId, JSON.stringify(definition)]);
  const versionId = Number(v.insertId);
  await ds.query("UPDATE journey SET status = 'PUBLISHED', published_version_id = ?, published_version = 1, entry_type = ?, entry_event_type = ? WHERE id = ?", [
    versionId,
    entry.type,
    entry.type === 'event' ? entry.eventType : null,
    journeyId,
  ]);
  return { journeyId, versionId };
}

/**
 * Writes `count` instances waiting at a duration block, as the runtime
 * would have left them: due at `dueAt(i)`. Bulk INSERTs of 5,000 rows.
 */
export async function insertWaitingInstances(
  ds: DataSource,
  journeys: Array<{ journeyId: number; versionId: number }>,
  customers: Array<{ id: number; customerNo: string }>,
  count: number,
  nodeId: string,
  enteredAt: (i: number) => number,
  dueAt: (i: number) => number,
  log: (l: string) => void,
): Promise<void> {
  const now = new Date();
  const t0 = Date.now();
  for (let i = 0; i < count; i += 5000) {
    const rows = [];
    for (let k = i; k < Math.min(i + 5000, count); k++) {
      const j = journeys[Math.floor(k / customers.length) % journeys.length];
      const c = customers[k % customers.length];
      const due = dueAt(k);
      const state: JourneyInstanceState = {
        customerNo: c.customerNo,
        timeZone: 'Asia/Seoul',
        enteredAt: enteredAt(k),
        status: 'waiting',
        nodeId,
        wait: { kind: 'duration', nodeId, visit: 1, until: due },
        dueAt: due,
        visits: { start: 1, [nodeId]: 1 },
        assignments: {},
        outcome: null,
      };
      const col = stateColumns(state);
      rows.push([j.journeyId, j.versionId, c.id, c.customerNo, 1, nodeId, 'duration', col.state, new Date(due), 'api', `bench:${k}`, new Date(state.enteredAt), now]);
    }
    await ds.query(
      'INSERT INTO journey_instance (journey_id, version_id, customer_id, customer_no, active, node_id, waiting_kind, state, due_at, entry_kind, entry_key, entered_at, updated_at) VALUES ?',
      [rows],
    );
    if ((i / 5000) % 40 === 0) log(`  ${i + rows.length} / ${count} instances written (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
