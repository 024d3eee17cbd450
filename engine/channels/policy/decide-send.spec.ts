import { decideSend, sendRules, type SendDecision, type SendDecisionInput } from './decide-send.js';
import { defaultSendPolicy } from './send-policy.config.js';
import { holdReasonTexts, sendReasonText, suppressReasonTexts } from './send-reasons.js';
import { noon, sendInput, seoul, withCustomer, withReview, withTemplate } from './send-policy.fixtures.js';

const decide = (input: SendDecisionInput, now = noon) => decideSend(input, now);
const lastCheck = (d: SendDecision) => d.checks[d.checks.length - 1];
const informational = (input: SendDecisionInput): SendDecisionInput => ({ ...input, template: { ...input.template, kind: 'informational' } });

describe('a message that passes every rule', () => {
  test('is sent, with every rule checked in order', () => {
    const d = decide(sendInput());
    expect(d.kind).toBe('send');
    expect(d.checks.map((c) => c.rule)).toEqual(sendRules);
    expect(d.checks.every((c) => c.ok)).toBe(true);
  });

  test('checks hold codes and numbers, never personal data', () => {
    const d = decide(sendInput());
    const text = JSON.stringify(d.checks);
    for (const forbidden of ['customerId', 'name', 'mobile', 'email":"', '@']) expect(text).not.toContain(forbidden);
  });
});

describe('1. customer status', () => {
  test.each([
    ['WITHDRAWN', 'customerWithdrawn'],
    ['DORMANT', 'customerDormant'],
    ['SUSPENDED', 'customerSuspended'],
  ] as const)('%s is suppressed: %s', (status, reason) => {
    for (const kind of ['advertising', 'informational'] as const) {
      const d = decide(withTemplate({ kind }, { customer: withCustomer({ status }).customer }));
      expect(d).toMatchObject({ kind: 'suppress', reason });
      expect(lastCheck(d)).toEqual({ rule: 'customerStatus', ok: false, reason, detail: { status } });
    }
  });

  test('ACTIVE passes', () => {
    expect(decide(sendInput()).checks[1]).toEqual({ rule: 'customerStatus', ok: true, detail: { status: 'ACTIVE' } });
  });

  test('order: a withdrawn customer is suppressed for that even at night, over the cap, with no consent', () => {
    const input = withCustomer({ status: 'WITHDRAWN', consentSms: false, consentNight: false }, { frequency: { sentToday: 9, sentThisWeek: 9 }, alreadyDelivered: true });
    const d = decide(input, seoul('2026-12-02T23:30:00.000'));
    expect(d).toMatchObject({ kind: 'suppress', reason: 'customerWithdrawn' });
    expect(d.checks.map((c) => c.rule)).toEqual(['input', 'customerStatus']);
  });
});

describe('2. template compliance review', () => {
  test.each([
    [{ status: 'PENDING_REVIEW' }, 'templateNotApproved'],
    [{ status: 'DRAFT' }, 'templateNotApproved'],
    [{ reviewNumber: null }, 'templateNotApproved'],
    [{ reviewNumber: '  ' }, 'templateNotApproved'],
    [{ validFrom: noon + 1 }, 'templateReviewNotYetValid'],
    [{ validFrom: null }, 'templateReviewNotYetValid'],
    [{ validUntil: noon }, 'templateReviewExpired'],
    [{ validUntil: null }, 'templateReviewExpired'],
  ] as const)('%j is suppressed: %s', (review, reason) => {
    const d = decide(withReview(review));
    expect(d).toMatchObject({ kind: 'suppress', reason });
    expect(lastCheck(d)).toMatchObject({ rule: 'templateReview', ok: false, reason });
  });

  test('validFrom is inclusive, validUntil exclusive', () => {
    expect(decide(withReview({ validFrom: noon })).kind).toBe('send');
    expect(decide(withReview({ validUntil: noon + 1 })).kind).toBe('send');
  });

  test('informational templates need a valid review too', () => {
    expect(decide(informational(withReview({ validUntil: noon - 1 })))).toMatchObject({ kind: 'suppress', reason: 'templateReviewExpired' });
  });
});

describe('3. idempotency', () => {
  test('an already delivered message is suppressed; otherwise it passes', () => {
    expect(decide(sendInput({ alreadyDelivered: true }))).toMatchObject({ kind: 'suppress', reason: 'alreadyDelivered' });
    expect(decide(informational(sendInput({ alreadyDelivered: true })))).toMatchObject({ kind: 'suppress', reason: 'alreadyDelivered' });
    expect(decide(sendInput()).checks.find((c) => c.rule === 'idempotency')).toEqual({ rule: 'idempotency', ok: true });
  });
});

describe('4. marketing consent', () => {
  test.each([
    ['sms', 'consentSms'],
    ['email', 'consentEmail'],
    ['push', 'consentPush'],
  ] as const)('advertising on %s needs %s, and only that consent', (channel, consent) => {
    const without = withCustomer({ [consent]: false }, { channel });
    expect(decide(without)).toMatchObject({ kind: 'suppress', reason: 'noMarketingConsent' });
    expect(lastCheck(decide(without))).toEqual({ rule: 'marketingConsent', ok: false, reason: 'noMarketingConsent', detail: { channel, consent: false } });
    const onlyThat = withCustomer({ consentSms: false, consentEmail: false, consentPush: false, [consent]: true }, { channel });
    expect(decide(onlyThat).kind).toBe('send');
  });

  test('informational messages need no consent', () => {
    const d = decide(informational(withCustomer({ consentSms: false, consentEmail: false, consentPush: false })));
    expect(d.kind).toBe('send');
    expect(d.checks.find((c) => c.rule === 'marketingConsent')).toEqual({ rule: 'marketingConsent', ok: true, detail: { exempt: 'informational' } });
  });
});

describe('5. night time (21:00–08:00 Asia/Seoul)', () => {
  const at = (local: string) => decide(sendInput(), seoul(local));

  test('20:59:59.999 sends', () => {
    expect(at('2026-12-02T20:59:59.999').kind).toBe('send');
  });

  test('21:00 holds until 08:00 the next day', () => {
    const d = at('2026-12-02T21:00:00.000');
    expect(d).toMatchObject({ kind: 'hold', reason: 'nightTimeNoConsent', until: seoul('2026-12-03T08:00:00.000') });
    // the same instant in UTC: 23:00 the day before
    expect(new Date((d as { until: number }).until).toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(lastCheck(d)).toMatchObject({ rule: 'nightTime', ok: false, reason: 'nightTimeNoConsent' });
  });

  test('23:59:59.999 and 00:00 hold until the coming 08:00', () => {
    expect(at('2026-12-02T23:59:59.999')).toMatchObject({ kind: 'hold', until: seoul('2026-12-03T08:00:00.000') });
    expect(at('2026-12-03T00:00:00.000')).toMatchObject({ kind: 'hold', until: seoul('2026-12-03T08:00:00.000') });
  });

  test('07:59:59.999 holds until 08:00 the same day', () => {
    expect(at('2026-12-03T07:59:59.999')).toMatchObject({ kind: 'hold', until: seoul('2026-12-03T08:00:00.000') });
  });

  test('08:00 sends', () => {
    expect(at('2026-12-03T08:00:00.000').kind).toBe('send');
  });

  test('across a month and a year end', () => {
    expect(at('2026-12-31T22:00:00.000')).toMatchObject({ kind: 'hold', until: seoul('2027-01-01T08:00:00.000') }); // the review expires at 2027-01-01 00:00, so the release will be suppressed for that;
    expect(at('2026-02-28T21:30:00.000')).toMatchObject({ kind: 'hold', until: seoul('2026-03-01T08:00:00.000') });
  });

  test('night-time consent lets advertising through at night', () => {
    expect(decide(withCustomer({ consentNight: true }), seoul('2026-12-02T23:00:00.000')).kind).toBe('send');
  });

  test('informational messages are not held at night', () => {
    const d = decide(informational(sendInput()), seoul('2026-12-02T23:00:00.000'));
    expect(d.kind).toBe('send');
    expect(d.checks.find((c) => c.rule === 'nightTime')).toEqual({ rule: 'nightTime', ok: true, detail: { exempt: 'informational' } });
  });

  test('a configured window is honoured', () => {
    const policy = { ...defaultSendPolicy, night: { start: '20:00', end: '09:00' } };
    expect(decide(sendInput({ policy }), seoul('2026-12-02T20:00:00.000'))).toMatchObject({ kind: 'hold', until: seoul('2026-12-03T09:00:00.000') });
    expect(decide(sendInput({ policy }), seoul('2026-12-03T09:00:00.000')).kind).toBe('send');
  });
});

describe('6. frequency caps', () => {
  const caps = defaultSendPolicy.frequencyCaps;
  test.each(['sms', 'email', 'push'] as const)('%s: the day cap at its boundary', (channel) => {
    const cap = caps[channel].perDay;
    expect(decide(sendInput({ channel, frequency: { sentToday: cap - 1, sentThisWeek: 0 } })).kind).toBe('send');
    const d = decide(sendInput({ channel, frequency: { sentToday: cap, sentThisWeek: 0 } }));
    expect(d).toMatchObject({ kind: 'suppress', reason: 'frequencyCapDay' });
    expect(lastCheck(d)).toEqual({
      rule: 'frequencyCap',
      ok: false,
      reason: 'frequencyCapDay',
      detail: { channel, sentToday: cap, perDay: cap, sentThisWeek: 0, perWeek: caps[channel].perWeek },
    });
  });

  test.each(['sms', 'email', 'push'] as const)('%s: the week cap at its boundary', (channel) => {
    const cap = caps[channel].perWeek;
    expect(decide(sendInput({ channel, frequency: { sentToday: 0, sentThisWeek: cap - 1 } })).kind).toBe('send');
    expect(decide(sendInput({ channel, frequency: { sentToday: 0, sentThisWeek: cap } }))).toMatchObject({ kind: 'suppress', reason: 'frequencyCapWeek' });
  });

  test('a count that is not a number fails closed', () => {
    expect(decide(sendInput({ frequency: { sentToday: Number.NaN, sentThisWeek: 0 } }))).toMatchObject({ kind: 'suppress', reason: 'frequencyCapDay' });
  });

  test('informational messages are not capped', () => {
    expect(decide(informational(sendInput({ frequency: { sentToday: 99, sentThisWeek: 99 } }))).kind).toBe('send');
  });

  test('a cap of 0 stops the channel for advertising', () => {
    const policy = { ...defaultSendPolicy, frequencyCaps: { ...caps, push: { perDay: 0, perWeek: 0 } } };
    expect(decide(sendInput({ channel: 'push', policy }))).toMatchObject({ kind: 'suppress', reason: 'frequencyCapDay' });
  });
});

describe('7. product: on sale, suitable, against a current assessment', () => {
  const fund = (riskGrade: number, onSale = true) => ({ id: 42, type: 'FUND', riskGrade, onSale });

  test('a suitable fund on sale is sent with a recommendation record', () => {
    const d = decide(sendInput({ product: fund(3) }));
    expect(d).toEqual(
      expect.objectContaining({
        kind: 'send',
        recommendationRecord: {
          productId: 42,
          productType: 'FUND',
          riskGrade: 3,
          suitabilityApplies: true,
          propensity: 'NEUTRAL',
          propensityAssessedAt: seoul('2026-06-01T10:00:00.000'),
          ruleVersion: defaultSendPolicy.ruleVersion,
          decidedAt: noon,
        },
      }),
    );
  });

  test('a product off sale is suppressed', () => {
    expect(decide(sendInput({ product: fund(3, false) }))).toMatchObject({ kind: 'suppress', reason: 'notOnSale' });
    expect(decide(sendInput({ product: { id: 1, type: 'DEPOSIT', riskGrade: 6, onSale: false } }))).toMatchObject({ kind: 'suppress', reason: 'notOnSale' });
  });

  test('a fund riskier than the propensity allows is unsuitable; the riskiest allowed grade passes', () => {
    const d = decide(sendInput({ product: fund(2) }));
    expect(d).toMatchObject({ kind: 'suppress', reason: 'unsuitable' });
    expect(lastCheck(d)).toEqual({
      rule: 'suitability',
      ok: false,
      reason: 'unsuitable',
      detail: { productType: 'FUND', riskGrade: 2, propensity: 'NEUTRAL', riskiestGradeAllowed: 3 },
    });
    expect(decide(withCustomer({ propensity: 'STABLE' }, { product: fund(6) })).kind).toBe('send');
    expect(decide(withCustomer({ propensity: 'STABLE' }, { product: fund(5) }))).toMatchObject({ reason: 'unsuitable' });
    expect(decide(withCustomer({ propensity: 'AGGRESSIVE' }, { product: fund(1) })).kind).toBe('send');
  });

  test('a grade outside 1..6 is unsuitable rather than waved through', () => {
    for (const g of [0, 7, 2.5, Number.NaN]) expect(decide(sendInput({ product: fund(g) }))).toMatchObject({ kind: 'suppress', reason: 'unsuitable' });
  });

  test('no assessment: suitabilityProfileMissing', () => {
    expect(decide(withCustomer({ propensity: null, propensityAssessedAt: null }, { product: fund(6) }))).toMatchObject({ reason: 'suitabilityProfileMissing' });
    expect(decide(withCustomer({ propensityAssessedAt: null }, { product: fund(6) }))).toMatchObject({ reason: 'suitabilityProfileMissing' });
  });

  test('an assessment older than the validity: suitabilityProfileExpired, at the day boundary', () => {
    const days = defaultSendPolicy.suitabilityValidityDays;
    const at = (assessedAt: number) => decide(withCustomer({ propensityAssessedAt: assessedAt }, { product: fund(6) }));
    expect(at(noon - days * 86_400_000 + 1).kind).toBe('send');
    expect(at(noon - days * 86_400_000)).toMatchObject({ kind: 'suppress', reason: 'suitabilityProfileExpired' });
    const policy = { ...defaultSendPolicy, suitabilityValidityDays: 30 };
    expect(decide(withCustomer({ propensityAssessedAt: noon - 31 * 86_400_000 }, { product: fund(6), policy }))).toMatchObject({ reason: 'suitabilityProfileExpired' });
  });

  test('products outside the suitability rule (deposits) need no assessment, and still leave a record', () => {
    const d = decide(withCustomer({ propensity: null, propensityAssessedAt: null }, { product: { id: 'D-1', type: 'DEPOSIT', riskGrade: 6, onSale: true } }));
    expect(d.kind).toBe('send');
    expect(d).toMatchObject({ recommendationRecord: { productId: 'D-1', suitabilityApplies: false, propensity: null } });
  });

  test('no product: no record, the product rules pass as not applicable', () => {
    const d = decide(sendInput());
    expect(d).not.toHaveProperty('recommendationRecord');
    expect(d.checks.find((c) => c.rule === 'productOnSale')).toEqual({ rule: 'productOnSale', ok: true, detail: { product: false } });
  });

  test('informational messages about a product are still checked', () => {
    expect(decide(informational(sendInput({ product: fund(1) })))).toMatchObject({ kind: 'suppress', reason: 'unsuitable' });
  });
});

describe('8. recommendation slot', () => {
  test('an empty list for a slot is suppressed; a full one or no slot sends', () => {
    expect(decide(withTemplate({ recommendationSlot: true }, { recommendationListEmpty: true }))).toMatchObject({ kind: 'suppress', reason: 'noRecommendation' });
    expect(decide(withTemplate({ recommendationSlot: true }, { recommendationListEmpty: false })).kind).toBe('send');
    expect(decide(withTemplate({ recommendationSlot: false }, { recommendationListEmpty: true })).kind).toBe('send');
  });
});

describe('order of the rules', () => {
  test('the first failing rule decides', () => {
    const night = seoul('2026-12-02T22:00:00.000');
    // review beats consent, idempotency beats consent, consent beats night, night beats caps, caps beat product
    expect(decide(withReview({ status: 'DRAFT' }), night)).toMatchObject({ reason: 'templateNotApproved' });
    expect(decide(withCustomer({ consentSms: false }, { alreadyDelivered: true }), night)).toMatchObject({ reason: 'alreadyDelivered' });
    expect(decide(withCustomer({ consentSms: false }), night)).toMatchObject({ kind: 'suppress', reason: 'noMarketingConsent' });
    expect(decide(sendInput({ frequency: { sentToday: 5, sentThisWeek: 5 } }), night)).toMatchObject({ kind: 'hold' });
    expect(decide(sendInput({ frequency: { sentToday: 5, sentThisWeek: 5 }, product: { id: 1, type: 'FUND', riskGrade: 1, onSale: false } }))).toMatchObject({
      reason: 'frequencyCapDay',
    });
    expect(decide(withTemplate({ recommendationSlot: true }, { recommendationListEmpty: true, product: { id: 1, type: 'FUND', riskGrade: 1, onSale: true } }))).toMatchObject({
      reason: 'unsuitable',
    });
  });
});

describe('malformed input', () => {
  test('is suppressed as invalidInput, never thrown', () => {
    const cases: [unknown, number][] = [
      [sendInput(), Number.NaN],
      [sendInput(), Infinity],
      [sendInput({ channel: 'fax' as never }), noon],
      [withCustomer({ status: 'GONE' as never }), noon],
      [withCustomer({ propensity: 'YOLO' as never }), noon],
      [withTemplate({ kind: 'promo' as never }), noon],
      [sendInput({ policy: { ...defaultSendPolicy, timeZone: 'Mars/Olympus' } }), noon],
      [sendInput({ policy: { ...defaultSendPolicy, night: { start: '08:00', end: '21:00' } } }), noon],
      [null, noon],
      [{}, noon],
    ];
    for (const [input, now] of cases) {
      const d = decideSend(input as SendDecisionInput, now);
      expect(d).toMatchObject({ kind: 'suppress', reason: 'invalidInput' });
      expect(d.checks).toHaveLength(1);
    }
  });

  test('a review or product value that cannot be turned into text is judged, not thrown (found by the property test)', () => {
    const hostile = { toString: 0 } as never;
    const review = decideSend(withReview({ status: hostile, reviewNumber: hostile }), noon);
    expect(review).toMatchObject({ kind: 'suppress', reason: 'templateNotApproved' });
    expect(lastCheck(review).detail).toMatchObject({ status: '(object)', reviewNumber: '(object)' });
    const product = decideSend(sendInput({ product: { id: 1, type: hostile, riskGrade: 3, onSale: true } }), noon);
    expect(['send', 'suppress']).toContain(product.kind);
  });
});

test('every reason has an English and a Korean text', () => {
  for (const texts of [suppressReasonTexts, holdReasonTexts]) {
    for (const [code, t] of Object.entries(texts)) {
      expect(t.en.length).toBeGreaterThan(0);
      expect(t.ko).toMatch(/[가-힣]/);
      expect(sendReasonText(code as keyof typeof texts, 'ko')).toBe(t.ko);
    }
  }
});
