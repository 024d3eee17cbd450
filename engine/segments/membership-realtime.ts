import type { DataSource } from 'typeorm';
import { loadPublishedSegments, planPublished, type PlannedSegment } from './published-segments.js';
import { planMatches } from './plan-matches.js';
import { mergeNeeds, planNeeds } from './segment-plan.js';
import { loadCustomerFacts } from './customer-facts.js';
import { inAudienceScope } from './audience-scope.js';
import { membershipChanges, membershipKey, type MembershipChange } from './membership-diff.js';
import type { DomainEventActor } from '../definitions/domain-events/index.js';
import { appendToOutbox } from '../outbox/append-to-outbox.js';
import { domainActorOf } from '../outbox/domain-actor.js';
import { segmentTransitionEvents, type TransitionSegment, type WrittenTransition } from './segment-transition-events.js';

export interface RealtimeResult {
  customers: number;
  segments: number;
  entered: number;
  exited: number;
}

/**
 * Real-time membership for the customers an event batch (or a staff write)
 * touched: every published segment is evaluated in memory against each
 * customer's facts, and only the differences are written, as membership
 * rows plus transitions (the history) and their segment.entered /
 * segment.exited domain events (the outbox), in one transaction. Idempotent:
 * run again on the same facts, it finds nothing to change.
 *
 * Races: the segment rows are locked FOR UPDATE (in id order), so a full refresh
 * (FOR UPDATE) never interleaves; a segment republished since it was
 * planned here is skipped (its publish refresh decides with the newer
 * version: an older version never overwrites a newer one). Per row,
 * INSERT IGNORE / DELETE report whether this transaction made the change, and
 * only then is a transition written, so concurrent consumers never emit one twice.
 */
export async function applyRealtimeMembership(ds: DataSource, customerIds: number[], now: Date, actor: DomainEventActor = domainActorOf()): Promise<RealtimeResult> {
  const ids = [...new Set(customerIds)];
  const published = await loadPublishedSegments(ds);
  if (ids.length === 0 || published.size === 0) return { customers: ids.length, segments: published.size, entered: 0, exited: 0 };
  const { planned } = planPublished(published, now);
  const evaluated = await evaluateCustomers(ds, planned, ids);
  const currentRows: Array<{ segment_id: number; customer_id: number }> = await ds.query('SELECT segment_id, customer_id FROM segment_membership WHERE customer_id IN (?)', [ids]);
  const current = new Set(currentRows.map((r) => membershipKey(Number(r.segment_id), Number(r.customer_id))));
  const changes = membershipChanges(evaluated, current);
  if (changes.length === 0) return { customers: ids.length, segments: planned.length, entered: 0, exited: 0 };
  const segments = new Map(
    planned.map((p): [number, TransitionSegment] => [
      p.segment.segmentId,
      {
        segmentId: p.segment.segmentId,
        versionId: p.segment.versionId,
        version: p.segment.version,
        name: p.segment.name,
      },
    ]),
  );
  const applied = await applyChanges(ds, changes, segments, now, actor);
  return { customers: ids.length, segments: planned.length, ...applied };
}

/** Loads each customer's facts once and evaluates every plan against them. */
export async function evaluateCustomers(ds: DataSource, planned: PlannedSegment[], ids: number[]) {
  const facts = await loadCustomerFacts(ds, ids, mergeNeeds(planned.map((p) => planNeeds(p.plan))));
  const out: Array<{ segmentId: number; customerId: number; matches: boolean }> = [];
  for (const [customerId, f] of facts) {
    const scoped = inAudienceScope(f.customer);
    for (const p of planned) out.push({ segmentId: p.segment.segmentId, customerId, matches: scoped && planMatches(p.plan, f) });
  }
  return out;
}

async function applyChanges(ds: DataSource, changes: MembershipChange[], segments: Map<number, TransitionSegment>, now: Date, actor: DomainEventActor) {
  const versionOf = new Map([...segments].map(([id, s]) => [id, s.versionId]));
  return ds.transaction(async (tx) => {
    const segmentIds = [...new Set(changes.map((c) => c.segmentId))].sort((a, b) => a - b);
    // FOR UPDATE, in id order: this transaction updates member_count below, and two partitions' batches
    // holding shared locks and both upgrading them would deadlock (they now wait for each other instead).
    const rows: Array<{ id: number; status: string; published_version_id: number | null }> = await tx.query(
      'SELECT id, status, published_version_id FROM segment WHERE id IN (?) ORDER BY id FOR UPDATE',
      [segmentIds],
    );
    const stillCurrent = new Set(rows.filter((r) => r.status === 'PUBLISHED' && Number(r.published_version_id) === versionOf.get(Number(r.id))).map((r) => Number(r.id)));
    let entered = 0;
    let exited = 0;
    const delta = new Map<number, number>();
    const written: Array<{ segmentId: number; row: Omit<WrittenTransition, 'customerNo'> }> = [];
    for (const c of changes) {
      if (!stillCurrent.has(c.segmentId)) continue;
      const versionId = versionOf.get(c.segmentId)!;
      const res =
        c.kind === 'ENTERED'
          ? await tx.query('INSERT IGNORE INTO segment_membership (segment_id, customer_id, version_id, entered_at) VALUES (?, ?, ?, ?)', [
              c.segmentId,
              c.customerId,
              versionId,
              now,
            ])
          : await tx.query('DELETE FROM segment_membership WHERE segment_id = ? AND customer_id = ?', [c.segmentId, c.customerId]);
      if (Number(res.affectedRows ?? 0) !== 1) continue;
      const t: { insertId: number | string } = await tx.query(
        `INSERT INTO segment_transition (segment_id, version_id, customer_id, kind, cause, occurred_at) VALUES (?, ?, ?, ?, 'EVENT', ?)`,
        [c.segmentId, versionId, c.customerId, c.kind, now],
      );
      written.push({ segmentId: c.segmentId, row: { id: String(t.insertId), customerId: c.customerId, kind: c.kind } });
      if (c.kind === 'ENTERED') entered += 1;
      else exited += 1;
      delta.set(c.segmentId, (delta.get(c.segmentId) ?? 0) + (c.kind === 'ENTERED' ? 1 : -1));
    }
    for (const [segmentId, d] of delta) {
      await tx.query('UPDATE segment SET member_count = GREATEST(0, CAST(member_count AS SIGNED) + ?) WHERE id = ?', [d, segmentId]);
    }
    if (written.length > 0) {
      const numbers: Array<{ id: number; customer_no: string }> = await tx.query('SELECT id, customer_no FROM customer WHERE id IN (?)', [
        [...new Set(written.map((w) => w.row.customerId))],
      ]);
      const noOf = new Map(numbers.map((n) => [Number(n.id), n.customer_no]));
      // In the order the transitions were written (their ids).
      await appendToOutbox(
        tx,
        written.flatMap((w) => segmentTransitionEvents([{ ...w.row, customerNo: noOf.get(w.row.customerId) ?? '' }], segments.get(w.segmentId)!, 'EVENT', now, actor)),
      );
    }
    return { entered, exited };
  });
}
