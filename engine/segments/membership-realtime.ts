import type { DataSource } from 'typeorm';
import { loadPublishedSegments, planPublished, type PlannedSegment } from './published-segments.js';
import { planMatches } from './plan-matches.js';
import { mergeNeeds, planNeeds } from './segment-plan.js';
import { loadCustomerFacts } from './customer-facts.js';
import { inAudienceScope } from './audience-scope.js';
import { membershipChanges, membershipKey, type MembershipChange } from './membership-diff.js';

export interface RealtimeResult {
  customers: number;
  segments: number;
  entered: number;
  exited: number;
}

/**
 * Real-time membership for the customers an event batch touched: every
 * published segment is evaluated in memory against each customer's facts,
 * and only the differences are written, as membership rows plus
 * transitions (the Kafka outbox), in one transaction.
 *
 * Races: the segment rows are read LOCK IN SHARE MODE, so a full refresh
 * (FOR UPDATE) never interleaves; a segment republished since it was
 * planned here is skipped (its publish refresh decides with the newer
 * version: an older version never overwrites a newer one). Per row,
 * INSERT IGNORE / DELETE report whether this transaction made the change, and
 * only then is a transition written, so concurrent consumers never emit one twice.
 */
export async function applyRealtimeMembership(ds: DataSource, customerIds: number[], now: Date): Promise<RealtimeResult> {
  const ids = [...new Set(customerIds)];
  const published = await loadPublishedSegments(ds);
  if (ids.length === 0 || published.size === 0) return { customers: ids.length, segments: published.size, entered: 0, exited: 0 };
  const { planned } = planPublished(published, now);
  const evaluated = await evaluateCustomers(ds, planned, ids);
  const currentRows: Array<{ segment_id: number; customer_id: number }> = await ds.query(
    'SELECT segment_id, customer_id FROM segment_membership WHERE customer_id IN (?)', [ids],
  );
  const current = new Set(currentRows.map((r) => membershipKey(Number(r.segment_id), Number(r.customer_id))));
  const changes = membershipChanges(evaluated, current);
  if (changes.length === 0) return { customers: ids.length, segments: planned.length, entered: 0, exited: 0 };
  const applied = await applyChanges(ds, changes, new Map(planned.map((p) => [p.segment.segmentId, p.segment.versionId])), now);
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

async function applyChanges(ds: DataSource, changes: MembershipChange[], versionOf: Map<number, number>, now: Date) {
  return ds.transaction(async (tx) => {
    const segmentIds = [...new Set(changes.map((c) => c.segmentId))].sort((a, b) => a - b);
    const rows: Array<{ id: number; status: string; published_version_id: number | null }> = await tx.query(
      'SELECT id, status, published_version_id FROM segment WHERE id IN (?) ORDER BY id LOCK IN SHARE MODE', [segmentIds],
    );
    const stillCurrent = new Set(
      rows.filter((r) => r.status === 'PUBLISHED' && Number(r.published_version_id) === versionOf.get(Number(r.id))).map((r) => Number(r.id)),
    );
    let entered = 0;
    let exited = 0;
    const delta = new Map<number, number>();
    for (const c of changes) {
      if (!stillCurrent.has(c.segmentId)) continue;
      const versionId = versionOf.get(c.segmentId)!;
      const res = c.kind === 'ENTERED'
        ? await tx.query('INSERT IGNORE INTO segment_membership (segment_id, customer_id, version_id, entered_at) VALUES (?, ?, ?, ?)', [c.segmentId, c.customerId, versionId, now])
        : await tx.query('DELETE FROM segment_membership WHERE segment_id = ? AND customer_id = ?', [c.segmentId, c.customerId]);
      if (Number(res.affectedRows ?? 0) !== 1) continue;
      await tx.query(
        `INSERT INTO segment_transition (segment_id, version_id, customer_id, kind, cause, occurred_at) VALUES (?, ?, ?, ?, 'EVENT', ?)`,
        [c.segmentId, versionId, c.customerId, c.kind, now],
      );
      if (c.kind === 'ENTERED') entered += 1;
      else exited += 1;
      delta.set(c.segmentId, (delta.get(c.segmentId) ?? 0) + (c.kind === 'ENTERED' ? 1 : -1));
    }
    for (const [segmentId, d] of delta) {
      await tx.query('UPDATE segment SET member_count = GREATEST(0, CAST(member_count AS SIGNED) + ?) WHERE id = ?', [d, segmentId]);
    }
    return { entered, exited };
  });
}
