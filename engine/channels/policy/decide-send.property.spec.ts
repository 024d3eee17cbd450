import fc from 'fast-check';
import { decideSend, sendRules, type SendDecisionInput } from './decide-send.js';
import { defaultSendPolicy } from './send-policy.config.js';
import { seoul } from './send-policy.fixtures.js';

/** Mostly well-formed values, sometimes anything at all. */
const loose = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.anything() });

const from2020 = seoul('2020-01-01T00:00:00.000');
const to2035 = seoul('2035-01-01T00:00:00.000');
const instant = fc.integer({ min: from2020, max: to2035 });
const someNumber = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.double());

const inputArb: fc.Arbitrary<SendDecisionInput> = fc
  .record({
    channel: loose(fc.constantFrom('sms', 'email', 'push')),
    customer: fc.record({
      status: loose(fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'DORMANT', 'SUSPENDED', 'WITHDRAWN')),
      consentSms: loose(fc.boolean()),
      consentEmail: loose(fc.boolean()),
      consentPush: loose(fc.boolean()),
      consentNight: loose(fc.boolean()),
      propensity: loose(fc.constantFrom(null, 'STABLE', 'STABLE_SEEKING', 'NEUTRAL', 'ACTIVE', 'AGGRESSIVE')),
      propensityAssessedAt: loose(fc.option(instant)),
    }),
    template: fc.record({
      kind: loose(fc.constantFrom('advertising', 'informational')),
      review: fc.record({
        status: loose(fc.constantFrom('APPROVED', 'APPROVED', 'DRAFT', 'PENDING_REVIEW', 'SUPERSEDED')),
        reviewNumber: loose(fc.option(fc.string())),
        validFrom: loose(fc.option(instant)),
        validUntil: loose(fc.option(instant)),
      }),
      recommendationSlot: loose(fc.boolean()),
    }),
    alreadyDelivered: loose(fc.boolean()),
    frequency: fc.record({ sentToday: loose(someNumber), sentThisWeek: loose(someNumber) }),
    product: fc.option(fc.record({ id: fc.nat(), type: loose(fc.constantFrom('FUND', 'DEPOSIT', 'LOAN')), riskGrade: loose(someNumber), onSale: loose(fc.boolean()) }), {
      nil: undefined,
    }),
    recommendationListEmpty: loose(fc.boolean()),
    policy: fc.option(
      fc
        .record({ night: fc.constantFrom({ start: '21:00', end: '08:00' }, { start: '22:00', end: '07:30' }, { start: '08:00', end: '21:00' }) })
        .map((p) => ({ ...defaultSendPolicy, ...p })),
      { nil: undefined },
    ),
  })
  .map((r) => r as unknown as SendDecisionInput);

const nowArb = fc.oneof({ weight: 19, arbitrary: instant }, { weight: 1, arbitrary: fc.double() });

const seoulClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 });

test('the decision is total, a hold is in the future at the end of the night, and the deciding rule is named', () => {
  fc.assert(
    fc.property(inputArb, nowArb, (input, now) => {
      const d = decideSend(input, now);
      expect(['send', 'hold', 'suppress']).toContain(d.kind);
      expect(d.checks.length).toBeGreaterThan(0);
      // checks are rules, in the documented order, no rule twice
      const order = d.checks.map((c) => sendRules.indexOf(c.rule));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
      expect(order.every((i) => i >= 0)).toBe(true);
      const last = d.checks[d.checks.length - 1];
      if (d.kind === 'send') {
        expect(d.checks.map((c) => c.rule)).toEqual(sendRules);
        expect(d.checks.every((c) => c.ok)).toBe(true);
      } else {
        expect(d.checks.slice(0, -1).every((c) => c.ok)).toBe(true);
        expect(last).toMatchObject({ ok: false, reason: d.reason });
      }
      if (d.kind === 'hold') {
        expect(last.rule).toBe('nightTime');
        expect(d.until).toBeGreaterThan(now);
        expect(d.until - now).toBeLessThanOrEqual(24 * 3_600_000);
        const end = (input.policy ?? defaultSendPolicy).night.end;
        expect(seoulClock.format(new Date(d.until))).toBe(`${end}:00.000`);
      }
      // the checks survive JSON (what the worker stores)
      expect(JSON.parse(JSON.stringify(d.checks))).toHaveLength(d.checks.length);
    }),
    { numRuns: 5000 },
  );
});

test('an input that passes everything at noon is held at night exactly when it is advertising without night consent', () => {
  fc.assert(
    fc.property(instant, fc.boolean(), fc.boolean(), (now, advertising, consentNight) => {
      const input = {
        channel: 'push',
        customer: { status: 'ACTIVE', consentSms: true, consentEmail: true, consentPush: true, consentNight, propensity: null, propensityAssessedAt: null },
        template: {
          kind: advertising ? 'advertising' : 'informational',
          review: { status: 'APPROVED', reviewNumber: 'R-1', validFrom: from2020, validUntil: to2035 + 1 },
          recommendationSlot: false,
        },
        alreadyDelivered: false,
        frequency: { sentToday: 0, sentThisWeek: 0 },
        recommendationListEmpty: false,
      } as const satisfies SendDecisionInput;
      const hour = Number(seoulClock.format(new Date(now)).slice(0, 2));
      const night = hour >= 21 || hour < 8;
      expect(decideSend(input, now).kind).toBe(advertising && !consentNight && night ? 'hold' : 'send');
    }),
    { numRuns: 2000 },
  );
});
