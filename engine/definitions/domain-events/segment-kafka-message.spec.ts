import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { toSegmentEvent, type TransitionRow } from '../../segments/segment-event.js';
import { makeDomainEvent } from './make-domain-event.js';
import { segmentTransitionCauses } from './segment.events.js';
import { toSegmentKafkaMessage } from './segment-kafka-message.js';

/**
 * What the relay does today (transition-relay.ts): an outbox row, the
 * customer number and the segment's name and version looked up, then
 * `toSegmentEvent`. The spine's writer will put the same facts into a
 * segment domain event; consumers must not see a difference.
 */
function todaysMessage(row: TransitionRow, customerNo: string, segment: { name: string; version: number }) {
  return JSON.stringify(toSegmentEvent(row, customerNo, segment));
}

function spineMessage(row: TransitionRow, customerNo: string, segment: { name: string; version: number }) {
  const event = makeDomainEvent({
    type: row.kind === 'ENTERED' ? 'segment.entered' : 'segment.exited',
    eventId: randomUUID(),
    occurredAt: row.occurred_at,
    customerNo,
    actor: { kind: 'system', id: 'segment-refresh' },
    payload: {
      transitionId: row.id,
      customerId: row.customer_id,
      segmentId: row.segment_id,
      versionId: row.version_id,
      version: segment.version,
      segmentName: segment.name,
      cause: row.cause.toLowerCase() as (typeof segmentTransitionCauses)[number],
    },
  });
  return JSON.stringify(toSegmentKafkaMessage(event));
}

test('a segment entry gives exactly the message transition-relay sends today (same fields, order and eventId)', () => {
  const row: TransitionRow = { id: '9001', segment_id: 3, version_id: 12, customer_id: 123, kind: 'ENTERED', cause: 'PUBLISH', occurred_at: new Date('2026-03-02T01:00:00.5Z') };
  const segment = { name: '펀드 관심 고객', version: 2 };
  expect(spineMessage(row, 'C0000123', segment)).toBe(todaysMessage(row, 'C0000123', segment));
  expect(JSON.parse(spineMessage(row, 'C0000123', segment))).toEqual({
    eventId: 'segment-transition-9001',
    type: 'segment.entered',
    customerNo: 'C0000123',
    segmentId: 3,
    segmentName: '펀드 관심 고객',
    version: 2,
    cause: 'publish',
    occurredAt: '2026-03-02T01:00:00.500Z',
  });
});

test("for any transition row (either kind, every cause), the spine and today's relay agree byte for byte", () => {
  const row = fc.record({
    id: fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String),
    segment_id: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    version_id: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    customer_id: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    kind: fc.constantFrom('ENTERED' as const, 'EXITED' as const),
    cause: fc.constantFrom('PUBLISH' as const, 'REFRESH' as const, 'EVENT' as const, 'ARCHIVE' as const),
    occurred_at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  });
  const customerNo = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/);
  const segment = fc.record({ name: fc.string({ unit: 'binary', maxLength: 100 }), version: fc.integer({ min: 1, max: 10_000 }) });
  fc.assert(
    fc.property(row, customerNo, segment, (r, no, s) => spineMessage(r, no, s) === todaysMessage(r, no, s)),
    { numRuns: 300 },
  );
});
