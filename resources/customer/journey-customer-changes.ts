import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../engine/definitions/domain-events/domain-event.schema.js';
import { makeDomainEvent } from '../../engine/definitions/domain-events/make-domain-event.js';
import type { CustomerChange } from '../../engine/definitions/journey/journey-action-nodes.schema.js';
import type { Queryable } from '../../engine/segments/customer-facts.js';

export interface CustomerChangeRequest {
  customerId: number;
  customerNo: string;
  journeyId: number;
  instanceId: string;
  nodeId: string;
  change: CustomerChange;
}

/** Tags as stored: comma-separated, no spaces, compared exactly (segments test them the same way). */
export function applyTagChange(tags: string, change: CustomerChange): string {
  const list = tags === '' ? [] : tags.split(',');
  if (change.kind === 'addTag') return list.includes(change.tag) ? tags : [...list, change.tag].join(',');
  if (change.kind === 'removeTag') return list.filter((t) => t !== change.tag).join(',');
  return tags;
}

/**
 * The customer domain's rule for changes made by journeys (the runtime's
 * `advance` calls it; staff edits go through CustomerService). Applies an
 * update-customer block's change inside the step's transaction:
 * the customer row (locked), an audit line whose actor is the journey, and
 * a `customer.changed` domain event so segments re-evaluate the customer
 * like after any other change. A withdrawn or anonymised customer is left
 * alone. Only the fields a journey may set exist here (tags, segment label):
 * the definition schema refuses any other.
 */
export async function applyCustomerChanges(tx: Queryable, requests: CustomerChangeRequest[], now: Date): Promise<DomainEvent[]> {
  const ids = [...new Set(requests.map((r) => r.customerId))].sort((a, b) => a - b);
  const rows: Array<{ id: number; tags: string; segment_label: string | null; status: string }> = await tx.query(
    'SELECT id, tags, segment_label, status FROM customer WHERE id IN (?) ORDER BY id FOR UPDATE',
    [ids],
  );
  const current = new Map(rows.map((r) => [Number(r.id), { tags: r.tags, segmentLabel: r.segment_label, status: r.status }]));
  const events: DomainEvent[] = [];
  const audits: unknown[][] = [];
  for (const r of requests) {
    const c = current.get(r.customerId);
    if (!c || c.status === 'WITHDRAWN') continue;
    const field = r.change.kind === 'setAttribute' ? 'segmentLabel' : 'tags';
    const before = field === 'tags' ? c.tags : c.segmentLabel;
    const after = r.change.kind === 'setAttribute' ? r.change.value : applyTagChange(c.tags, r.change);
    if (after === before) continue;
    if (field === 'tags') c.tags = after as string;
    else c.segmentLabel = after;
    audits.push([
      now,
      'update',
      'Customer',
      String(r.customerId),
      null,
      `journey:${r.journeyId}`,
      'journey',
      JSON.stringify({ [field]: { from: before, to: after } }),
      `journey ${r.journeyId} instance ${r.instanceId} block ${r.nodeId}`.slice(0, 255),
    ]);
    events.push(
      makeDomainEvent({
        type: 'customer.changed',
        eventId: randomUUID(),
        occurredAt: now,
        customerNo: r.customerNo,
        actor: { kind: 'journey', id: r.journeyId },
        payload: { customerId: r.customerId, change: 'updated', fields: [field] },
      }),
    );
  }
  for (const id of ids) {
    const c = current.get(id);
    if (c) await tx.query('UPDATE customer SET tags = ?, segment_label = ? WHERE id = ?', [c.tags, c.segmentLabel, id]);
  }
  if (audits.length > 0) {
    await tx.query('INSERT INTO audit_log (occurred_at, action, resource, record_id, actor_id, actor_email, actor_role, diff, detail) VALUES ?', [audits]);
  }
  return events;
}
