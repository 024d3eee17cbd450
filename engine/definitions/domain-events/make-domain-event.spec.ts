import { randomUUID } from 'node:crypto';
import { classifyError } from '../../errors/classify-error.js';
import { FatalError } from '../../errors/fatal.error.js';
import { makeDomainEvent } from './make-domain-event.js';
import { parseDomainEvent } from './parse-domain-event.js';

const now = new Date('2026-03-02T01:02:03.456Z');

test("builds a typed event from the caller's id and clock, ready for the outbox", () => {
  const eventId = randomUUID();
  const e = makeDomainEvent({
    type: 'holding.opened',
    eventId,
    occurredAt: now,
    customerNo: 'C0000123',
    actor: { kind: 'staff', id: 9 },
    payload: { holdingId: 5, customerId: 123, productId: 4, productVersionId: 11, productType: 'DEPOSIT', openedOn: '2026-03-02' },
  });
  expect(e).toEqual(expect.objectContaining({ eventId, type: 'holding.opened', occurredAt: '2026-03-02T01:02:03.456Z' }));
  expect(parseDomainEvent(JSON.parse(JSON.stringify(e)))).toEqual({ ok: true, event: e });
});

test('an event that does not fit is a bug: a fatal error naming the paths, never a half-valid event', () => {
  const build = () =>
    makeDomainEvent({
      type: 'segment.entered',
      eventId: randomUUID(),
      occurredAt: now,
      customerNo: ' C1',
      actor: { kind: 'system', id: 'segment-refresh' },
      payload: { transitionId: '0', customerId: -1, segmentId: 3, versionId: 12, version: 1, segmentName: 'x', cause: 'publish' },
    });
  expect(build).toThrow(FatalError);
  try {
    build();
  } catch (err) {
    expect(err).toMatchObject({ kind: 'fatal', code: 'invalidDomainEvent' });
    expect((err as Error).message).toMatch(/customerNo: .*payload\.transitionId: .*payload\.customerId: /);
    expect(classifyError(err)).toBe('fatal');
  }
});

test('an invalid date cannot become an event', () => {
  expect(() =>
    makeDomainEvent({
      type: 'message.opened',
      eventId: randomUUID(),
      occurredAt: new Date('nonsense'),
      customerNo: 'C1',
      actor: { kind: 'system', id: 'tracking' },
      payload: { messageId: 1, customerId: 1, channel: 'push' },
    }),
  ).toThrow(RangeError);
});
