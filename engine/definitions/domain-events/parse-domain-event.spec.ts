import fc from 'fast-check';
import { domainEventTypes, type DomainEventType } from './domain-event.schema.js';
import { domainEventSamples } from './domain-event.samples.js';
import { parseDomainEvent } from './parse-domain-event.js';

const sample = (type: DomainEventType) => structuredClone(domainEventSamples[type]) as Record<string, any>;
const errorsOf = (input: unknown) => {
  const r = parseDomainEvent(input);
  if (r.ok) throw new Error('expected the event to be refused');
  return r.errors;
};

test('the catalogue has the events journeys, segments, channels and the CRM need', () => {
  expect(domainEventTypes).toEqual(
    expect.arrayContaining([
      'customer.changed',
      'customer.statusChanged',
      'holding.opened',
      'holding.closed',
      'segment.entered',
      'segment.exited',
      'journey.instanceStarted',
      'journey.stepEntered',
      'journey.instanceExited',
      'journey.converted',
      'message.requested',
      'message.sent',
      'message.delivered',
      'message.failed',
      'message.opened',
      'message.clicked',
    ]),
  );
  expect(new Set(domainEventTypes).size).toBe(domainEventTypes.length);
});

test.each(domainEventTypes)('%s: a valid event parses, and survives the outbox JSON unchanged', (type) => {
  const r = parseDomainEvent(JSON.parse(JSON.stringify(sample(type))));
  expect(r).toEqual({ ok: true, event: domainEventSamples[type] });
});

test.each([
  [
    'a payload field of the wrong type',
    (e: any) => {
      e.payload.segmentId = '3';
    },
    'payload.segmentId',
  ],
  [
    'a missing payload field',
    (e: any) => {
      delete e.payload.transitionId;
    },
    'payload.transitionId',
  ],
  [
    'an unknown payload key (nothing rides along unseen)',
    (e: any) => {
      e.payload.customerName = '김민수';
    },
    'payload',
  ],
  [
    'an unknown envelope key',
    (e: any) => {
      e.customer = { id: 1 };
    },
    '(event)',
  ],
  [
    'an eventId that is no UUID',
    (e: any) => {
      e.eventId = 'segment-transition-9001';
    },
    'eventId',
  ],
  [
    'an occurredAt that is not a UTC instant',
    (e: any) => {
      e.occurredAt = '2026-03-02T10:00:00+09:00';
    },
    'occurredAt',
  ],
  [
    'a customer number with a trailing space',
    (e: any) => {
      e.customerNo = 'C0000123 ';
    },
    'customerNo',
  ],
  [
    'an unknown actor kind',
    (e: any) => {
      e.actor = { kind: 'robot', id: 1 };
    },
    'actor.kind',
  ],
  [
    'a staff actor given by e-mail',
    (e: any) => {
      e.actor = { kind: 'staff', id: 'banker@demo.bank' };
    },
    'actor.id',
  ],
  [
    'an unknown cause',
    (e: any) => {
      e.payload.cause = 'manual';
    },
    'payload.cause',
  ],
])('%s is refused at its path', (_name, spoil, path) => {
  const e = sample('segment.entered');
  spoil(e);
  expect(errorsOf(e).map((p) => p.path)).toContain(path);
});

test('an unknown type is named as such, and a non-object as the whole event', () => {
  expect(errorsOf({ ...sample('customer.changed'), type: 'customer.deleted' })).toEqual([{ path: 'type', message: 'unknown event type (not in the catalogue)' }]);
  expect(errorsOf('customer.changed')).toEqual([expect.objectContaining({ path: '(event)' })]);
  expect(errorsOf(null)).toEqual([expect.objectContaining({ path: '(event)' })]);
});

test('the payload is checked against its own type: a holding payload under a segment type is refused', () => {
  const e = { ...sample('segment.entered'), payload: sample('holding.opened').payload };
  const paths = errorsOf(e).map((p) => p.path);
  expect(paths).toEqual(expect.arrayContaining(['payload', 'payload.segmentId']));
});

test('junk never throws and is always refused with named paths', () => {
  fc.assert(
    fc.property(fc.anything(), (junk) => {
      const r = parseDomainEvent(junk);
      if (r.ok) return false;
      return r.errors.length > 0 && r.errors.every((p) => typeof p.path === 'string' && p.path.length > 0 && p.message.length > 0);
    }),
    { numRuns: 500 },
  );
});

test('events close to valid (one envelope field replaced by junk) are refused, never accepted', () => {
  const keys = ['eventId', 'type', 'occurredAt', 'customerNo', 'actor', 'payload'] as const;
  fc.assert(
    fc.property(
      fc.constantFrom(...domainEventTypes),
      fc.constantFrom(...keys),
      fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.array(fc.anything())),
      (type, key, junk) => {
        const e = sample(type);
        e[key] = junk;
        return !parseDomainEvent(e).ok;
      },
    ),
    { numRuns: 500 },
  );
});
