import type { DataSource, EntityManager } from 'typeorm';
import { loadPublishedSegments } from './published-segments.js';
import { planSegment } from './segment-plan.js';
import { planToQuery } from './plan-to-sql.js';
import { audienceScopeSql } from './audience-scope.js';
import { referencedSegmentIds } from '../definitions/segment/segment-definition.schema.js';
import type { DomainEventActor } from '../definitions/domain-events/index.js';
import { appendToOutbox } from '../outbox/append-to-outbox.js';
import { domainActorOf } from '../outbox/domain-actor.js';
import { FatalError } from '../errors/fatal.error.js';
import { segmentTransitionEvents, type TransitionSegment } from './segment-transition-events.js';

export type TransitionCause = 'PUBLISH' | 'REFRESH' | 'EVENT' | 'ARCHIVE';

export interface RefreshResult {
  segmentId: number;
  version: number | null;
  members: number;
  entered: number;
  exited: number;
  ms: number;
  skipped?: string;
}

/**
 * Recomputes one segment's membership in full with the SQL evaluator, in one
 * transaction: the segment row is locked FOR UPDATE (real-time updates take
 * it in share mode, so the two never interleave), the matching ids go to a
 * temporary table, and entered / exited customers are written as
 * transitions (the membership history) with their segment.entered /
 * segment.exited domain events (the outbox) and applied to the membership
 * table. A segment that is not PUBLISHED (archived meanwhile) loses all members.
 * `actor` defaults to the request or job context (staff publishing, `segment-refresh`).
 */
export async function refreshSegment(ds: DataSource, segmentId: number, cause: TransitionCause, now: Date, actor: DomainEventActor = domainActorOf()): Promise<RefreshResult> {
  return ds.transaction((tx) => refreshSegmentWithin(tx, segmentId, cause, now, actor));
}

/**
 * The same recomputation inside a transaction the caller owns: publishing
 * writes the version, the membership, the transitions, their domain events
 * and the version's member count in one transaction, so a failure anywhere
 * leaves nothing published (never a version stuck with 0 members).
 */
export async function refreshSegmentWithin(
  tx: EntityManager,
  segmentId: number,
  cause: TransitionCause,
  now: Date,
  actor: DomainEventActor = domainActorOf(),
): Promise<RefreshResult> {
  const t0 = Date.now();
  {
    const [seg]: Array<{ status: string; published_version_id: number | null }> = await tx.query('SELECT status, published_version_id FROM segment WHERE id = ? FOR UPDATE', [
      segmentId,
    ]);
    if (!seg) return { segmentId, version: null, members: 0, entered: 0, exited: 0, ms: Date.now() - t0, skipped: 'no such segment' };

    let matchSql = 'FROM customer c WHERE FALSE';
    let params: unknown[] = [];
    let version: number | null = null;
    let versionId = Number(seg.published_version_id ?? 0);
    let described: TransitionSegment | null = null;
    if (seg.status === 'PUBLISHED') {
      const published = await loadPublishedSegments(tx);
      const mine = published.get(segmentId);
      if (!mine) return { segmentId, version: null, members: 0, entered: 0, exited: 0, ms: Date.now() - t0, skipped: 'published version unreadable' };
      const planned = planSegment(mine.definition, { now, resolveSegment: (id) => published.get(id)?.definition });
      if (!planned.ok) {
        return {
          segmentId,
          version: mine.version,
          members: 0,
          entered: 0,
          exited: 0,
          ms: Date.now() - t0,
          skipped: planned.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        };
      }
      const q = planToQuery(planned.plan, 'c');
      matchSql = `FROM ${q.from} WHERE ${q.where} AND ${audienceScopeSql('c')}`;
      params = q.params;
      version = mine.version;
      versionId = mine.versionId;
      described = { segmentId, versionId, version: mine.version, name: mine.name };
    }

    await tx.query('DROP TEMPORARY TABLE IF EXISTS segment_refresh_ids');
    await tx.query('CREATE TEMPORARY TABLE segment_refresh_ids (customer_id INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB');
    try {
      // IGNORE: MariaDB 10.11 raises a spurious "Truncated incorrect DOUBLE value" warning while optimising
      // FIND_IN_SET next to a materialised subquery; strict mode would turn it into an error in INSERT ... SELECT
      // (a plain SELECT returns the right rows with the warning). Ids are unique, so IGNORE hides nothing else.
      await tx.query(`INSERT IGNORE INTO segment_refresh_ids (customer_id) SELECT c.id ${matchSql}`, params);
      const entered = await tx.query(
        `INSERT INTO segment_transition (segment_id, version_id, customer_id, kind, cause, occurred_at)
         SELECT ?, ?, n.customer_id, 'ENTERED', ?, ? FROM segment_refresh_ids n
           LEFT JOIN segment_membership m ON m.segment_id = ? AND m.customer_id = n.customer_id
          WHERE m.customer_id IS NULL ORDER BY n.customer_id`,
        [segmentId, versionId, cause, now, segmentId],
      );
      const exited = await tx.query(
        `INSERT INTO segment_transition (segment_id, version_id, customer_id, kind, cause, occurred_at)
         SELECT ?, ?, m.customer_id, 'EXITED', ?, ? FROM segment_membership m
           LEFT JOIN segment_refresh_ids n ON n.customer_id = m.customer_id
          WHERE m.segment_id = ? AND n.customer_id IS NULL ORDER BY m.customer_id`,
        [segmentId, versionId, cause, now, segmentId],
      );
      const written = Number(entered.affectedRows ?? 0) + Number(exited.affectedRows ?? 0);
      if (written > 0) {
        const firstId = Math.min(...[entered, exited].filter((r) => Number(r.affectedRows ?? 0) > 0).map((r) => Number(r.insertId)));
        await appendToOutbox(tx, await transitionEventsOf(tx, segmentId, firstId, written, described ?? (await describeVersion(tx, segmentId, versionId)), cause, now, actor));
      }
      await tx.query(
        `DELETE m FROM segment_membership m LEFT JOIN segment_refresh_ids n ON n.customer_id = m.customer_id
          WHERE m.segment_id = ? AND n.customer_id IS NULL`,
        [segmentId],
      );
      await tx.query(
        `INSERT INTO segment_membership (segment_id, customer_id, version_id, entered_at)
         SELECT ?, customer_id, ?, ? FROM segment_refresh_ids
         ON DUPLICATE KEY UPDATE version_id = VALUES(version_id)`,
        [segmentId, versionId, now],
      );
      const [{ n }] = await tx.query('SELECT COUNT(*) AS n FROM segment_refresh_ids');
      await tx.query('UPDATE segment SET member_count = ?, refreshed_at = ? WHERE id = ?', [Number(n), now, segmentId]);
      return { segmentId, version, members: Number(n), entered: Number(entered.affectedRows ?? 0), exited: Number(exited.affectedRows ?? 0), ms: Date.now() - t0 };
    } finally {
      await tx.query('DROP TEMPORARY TABLE IF EXISTS segment_refresh_ids');
    }
  }
}

/**
 * The transitions this transaction just wrote for the segment, as domain
 * events in id order: the rows of the segment from the first id the two
 * INSERT … SELECT got. No other transaction can add rows for this segment
 * meanwhile (we hold its row FOR UPDATE; real-time writers need it in share
 * mode), and the count is checked, so this is exactly what was written
 * whatever the auto-increment lock mode hands out.
 */
async function transitionEventsOf(
  tx: EntityManager,
  segmentId: number,
  firstId: number,
  expected: number,
  segment: TransitionSegment,
  cause: TransitionCause,
  now: Date,
  actor: DomainEventActor,
) {
  const rows: Array<{ id: string; customer_id: number; kind: 'ENTERED' | 'EXITED'; customer_no: string }> = await tx.query(
    `SELECT t.id, t.customer_id, t.kind, c.customer_no FROM segment_transition t JOIN customer c ON c.id = t.customer_id
      WHERE t.segment_id = ? AND t.id >= ? ORDER BY t.id`,
    [segmentId, firstId],
  );
  if (rows.length !== expected) {
    throw new FatalError('brokenInvariant', `segment ${segmentId}: wrote ${expected} transitions but read back ${rows.length}`);
  }
  return segmentTransitionEvents(
    rows.map((r) => ({ id: r.id, customerId: Number(r.customer_id), customerNo: r.customer_no, kind: r.kind })),
    segment,
    cause,
    now,
    actor,
  );
}

/** Name and number of a version (an archived segment's last one: its members exit from it). */
async function describeVersion(tx: EntityManager, segmentId: number, versionId: number): Promise<TransitionSegment> {
  const [row]: Array<{ name: string; version: number }> = await tx.query(
    'SELECT s.name, v.version FROM segment s JOIN segment_version v ON v.id = ? AND v.segment_id = s.id WHERE s.id = ?',
    [versionId, segmentId],
  );
  if (!row) throw new FatalError('brokenInvariant', `segment ${segmentId} has members but no version ${versionId}`);
  return { segmentId, versionId, version: Number(row.version), name: row.name };
}

/** Refreshes every published segment (the scheduled job); one failing segment does not stop the others. */
export async function refreshAllSegments(ds: DataSource, now: Date, onError: (segmentId: number, err: unknown) => void): Promise<RefreshResult[]> {
  const ids: Array<{ id: number }> = await ds.query("SELECT id FROM segment WHERE status = 'PUBLISHED' ORDER BY id");
  const results: RefreshResult[] = [];
  for (const { id } of ids) {
    try {
      results.push(await refreshSegment(ds, Number(id), 'REFRESH', now));
    } catch (err) {
      onError(Number(id), err);
    }
  }
  return results;
}

/** Published segments that include `segmentId` (directly or through others): refreshed after it changes. */
export async function dependentSegmentIds(ds: DataSource, segmentId: number): Promise<number[]> {
  const published = await loadPublishedSegments(ds);
  const dependents = new Set<number>();
  let frontier = [segmentId];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const s of published.values()) {
      if (dependents.has(s.segmentId) || s.segmentId === segmentId) continue;
      if (referencedSegmentIds(s.definition.root).some((r) => frontier.includes(r))) {
        dependents.add(s.segmentId);
        next.push(s.segmentId);
      }
    }
    frontier = next;
  }
  return [...dependents];
}
