import type { DataSource } from 'typeorm';
import { jsonColumn } from '../../engine/segments/json-column.util.js';
import type { InstancePage } from './journey-input.js';
import { blockCounters, type BlockCounters, type EndedAt } from './journey-counters.rules.js';

/**
 * What a running journey looks like, read from the runtime's tables: per
 * block counters, the instance list and one instance's history. Customers
 * appear by customer number only, never by name or contact details.
 */
export class JourneyMonitoring {
  constructor(private readonly ds: DataSource) {}

  /**
   * Counters of version `version` (its number) or of every version ("all").
   * Null when the journey has no such version.
   */
  async counters(
    journeyId: number,
    version: number | 'all',
  ): Promise<{ version: number | 'all'; versions: number[]; blocks: BlockCounters[]; totals: { instances: number; running: number; ended: number; converted: number } } | null> {
    const all: Array<{ id: number; version: number; definition: unknown }> = await this.ds.query(
      'SELECT id, version, definition FROM journey_version WHERE journey_id = ? ORDER BY version DESC',
      [journeyId],
    );
    const selected = version === 'all' ? all : all.filter((v) => Number(v.version) === version);
    if (version !== 'all' && selected.length === 0) return null;
    const totals = { instances: 0, running: 0, ended: 0, converted: 0 };
    if (selected.length === 0) return { version, versions: [], blocks: [], totals };
    const ids = selected.map((v) => Number(v.id));
    const declared = selected.flatMap((v) => (jsonColumn<{ nodes?: Array<{ id: string; type: string }> }>(v.definition).nodes ?? []).map((n) => ({ id: n.id, type: n.type })));
    const entered: Array<{ node_id: string; node_type: string; n: number }> = await this.ds.query(
      'SELECT node_id, MAX(node_type) AS node_type, COUNT(*) AS n FROM journey_step WHERE version_id IN (?) GROUP BY node_id',
      [ids],
    );
    const waiting: Array<{ node_id: string; n: number }> = await this.ds.query(
      'SELECT node_id, COUNT(*) AS n FROM journey_instance WHERE version_id IN (?) AND active = 1 GROUP BY node_id',
      [ids],
    );
    const ended: Array<{ node_id: string; end_reason: string | null; n: number; converted: number }> = await this.ds.query(
      `SELECT node_id, end_reason, COUNT(*) AS n, SUM(converted) AS converted FROM journey_instance
        WHERE version_id IN (?) AND active IS NULL GROUP BY node_id, end_reason`,
      [ids],
    );
    const endedAt: EndedAt[] = ended.map((e) => ({ nodeId: e.node_id, reason: e.end_reason ?? 'unknown', count: Number(e.n), converted: Number(e.converted ?? 0) }));
    const blocks = blockCounters(
      declared,
      entered.map((e) => ({ nodeId: e.node_id, nodeType: e.node_type, count: Number(e.n) })),
      waiting.map((w) => ({ nodeId: w.node_id, count: Number(w.n) })),
      endedAt,
    );
    totals.running = waiting.reduce((s, w) => s + Number(w.n), 0);
    totals.ended = endedAt.reduce((s, e) => s + e.count, 0);
    totals.converted = endedAt.reduce((s, e) => s + e.converted, 0);
    totals.instances = totals.running + totals.ended;
    return { version, versions: selected.map((v) => Number(v.version)), blocks, totals };
  }

  /** Instances of the journey, newest first, filtered by status, in pages (keyset on the id). */
  async instances(journeyId: number, page: InstancePage) {
    const where = ['i.journey_id = ?'];
    const args: unknown[] = [journeyId];
    if (page.status === 'running') where.push('i.active = 1');
    if (page.status === 'ended') where.push('i.active IS NULL');
    if (page.status === 'converted') where.push('i.converted = 1');
    if (page.before) {
      where.push('i.id < ?');
      args.push(page.before);
    }
    const rows: InstanceListRow[] = await this.ds.query(
      `SELECT i.id, i.customer_no, v.version, i.active, i.node_id, i.waiting_kind, i.due_at, i.entry_kind, i.entered_at, i.ended_at, i.end_reason, i.error_code, i.converted
         FROM journey_instance i JOIN journey_version v ON v.id = i.version_id
        WHERE ${where.join(' AND ')} ORDER BY i.id DESC LIMIT ${Number(page.limit)}`,
      args,
    );
    return rows.map(instanceOf);
  }

  /** One instance of the journey: where it is, every block it entered (in order, with the cause) and the messages it requested. */
  async instance(journeyId: number, instanceId: string) {
    const [row]: Array<InstanceListRow & { state: unknown }> = await this.ds.query(
      `SELECT i.id, i.customer_no, v.version, i.active, i.node_id, i.waiting_kind, i.due_at, i.entry_kind, i.entered_at, i.ended_at, i.end_reason, i.error_code, i.converted, i.state
         FROM journey_instance i JOIN journey_version v ON v.id = i.version_id WHERE i.id = ? AND i.journey_id = ?`,
      [instanceId, journeyId],
    );
    if (!row) return null;
    const steps: Array<{ node_id: string; node_type: string; visit: number; cause: string; entered_at: Date }> = await this.ds.query(
      'SELECT node_id, node_type, visit, cause, entered_at FROM journey_step WHERE instance_id = ? ORDER BY entered_at, id',
      [instanceId],
    );
    const messages: Array<{
      id: string;
      channel: string;
      template_id: number;
      node_id: string | null;
      status: string;
      status_reason: string | null;
      requested_at: Date;
      enqueued_at: Date | null;
      updated_at: Date;
    }> = await this.ds.query(
      `SELECT id, channel, template_id, node_id, status, status_reason, requested_at, enqueued_at, updated_at FROM message
        WHERE journey_id = ? AND instance_id = ? ORDER BY id`,
      [journeyId, instanceId],
    );
    const state = jsonColumn<{ assignments?: Record<string, string> }>(row.state);
    return {
      ...instanceOf(row),
      assignments: state.assignments ?? {},
      steps: steps.map((s) => ({ nodeId: s.node_id, nodeType: s.node_type, visit: Number(s.visit), cause: s.cause, at: iso(s.entered_at) })),
      messages: messages.map((m) => ({
        id: String(m.id),
        channel: m.channel,
        templateId: Number(m.template_id),
        nodeId: m.node_id,
        status: m.status,
        statusReason: m.status_reason,
        requestedAt: iso(m.requested_at),
        enqueuedAt: iso(m.enqueued_at),
        updatedAt: iso(m.updated_at),
      })),
    };
  }
}

interface InstanceListRow {
  id: string;
  customer_no: string;
  version: number;
  active: number | null;
  node_id: string;
  waiting_kind: string | null;
  due_at: Date | null;
  entry_kind: string;
  entered_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  error_code: string | null;
  converted: number;
}

function instanceOf(r: InstanceListRow) {
  return {
    id: String(r.id),
    customerNo: r.customer_no,
    version: Number(r.version),
    status: r.active === null ? ('ended' as const) : ('running' as const),
    nodeId: r.node_id,
    waitingKind: r.waiting_kind,
    dueAt: iso(r.due_at),
    entry: r.entry_kind,
    enteredAt: iso(r.entered_at),
    endedAt: iso(r.ended_at),
    endReason: r.end_reason,
    errorCode: r.error_code,
    converted: Number(r.converted) === 1,
  };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
