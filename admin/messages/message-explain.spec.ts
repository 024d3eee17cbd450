import { explainCheck, explainConsents, outcomeText, reasonText, seoulTime } from './message-explain.js';
import { holdReasonTexts, suppressReasonTexts } from '../../engine/channels/policy/send-reasons.js';
import { decideSend, sendRules, type SendDecisionInput } from '../../engine/channels/policy/decide-send.js';

/** The plain words of "why": every rule and reason has text in both languages, never a bare code. */
const bareCode = /^[a-z]+[A-Z][A-Za-z]*$/;

describe('message-explain', () => {
  test('every suppress and hold reason has its Korean and English text', () => {
    for (const [code, text] of Object.entries({ ...suppressReasonTexts, ...holdReasonTexts })) expect(reasonText(code)).toEqual({ ko: text.ko, en: text.en });
  });

  test('an unknown or hostile code is quoted, never bare, and prototype names are not texts', () => {
    expect(reasonText('somethingNew')).toEqual({ ko: '기록된 사유: somethingNew', en: 'recorded reason: somethingNew' });
    expect(reasonText('constructor')!.en).toBe('recorded reason: constructor');
    expect(reasonText(null)).toBeNull();
    expect(explainCheck({ rule: 'toString', ok: true }).title).toEqual({ ko: '규칙 toString', en: 'rule toString' });
    expect(explainCheck(null)).toMatchObject({ rule: '?', ok: false });
    expect(outcomeText('__proto__')).toEqual({ ko: '__proto__', en: '__proto__' });
  });

  test('every rule decideSend evaluates is titled and explained in both languages, passing or not', () => {
    const input: SendDecisionInput = {
      channel: 'sms',
      customer: {
        status: 'ACTIVE',
        consentSms: true,
        consentEmail: false,
        consentPush: false,
        consentNight: false,
        propensity: 'NEUTRAL',
        propensityAssessedAt: Date.parse('2026-06-01T00:00:00Z'),
      },
      template: {
        kind: 'advertising',
        review: { status: 'APPROVED', reviewNumber: '준법 2026-1', validFrom: Date.parse('2026-01-01T00:00:00Z'), validUntil: Date.parse('2099-01-01T00:00:00Z') },
        recommendationSlot: true,
      },
      alreadyDelivered: false,
      frequency: { sentToday: 0, sentThisWeek: 0 },
      product: { id: 1, type: 'FUND', riskGrade: 4, onSale: true },
      recommendationListEmpty: false,
    };
    const noon = Date.parse('2026-12-01T03:00:00Z');
    const sent = decideSend(input, noon);
    expect(sent.kind).toBe('send');
    expect(sent.checks.map((c) => c.rule)).toEqual([...sendRules]);
    const night = decideSend(input, Date.parse('2026-12-01T13:00:00Z'));
    const capped = decideSend({ ...input, frequency: { sentToday: 9, sentThisWeek: 9 } }, noon);
    const informational = decideSend({ ...input, template: { ...input.template, kind: 'informational' }, product: undefined }, noon);
    for (const d of [sent, night, capped, informational]) {
      for (const c of d.checks) {
        const e = explainCheck(JSON.parse(JSON.stringify(c)));
        for (const lang of ['ko', 'en'] as const) {
          expect(e.title[lang]).not.toMatch(bareCode);
          expect(e.text[lang]).not.toMatch(/^(규칙|rule) /);
          expect(e.text[lang]).not.toMatch(/undefined|\[object/);
        }
      }
    }
    expect(explainCheck(night.checks.at(-1)).text.ko).toBe(`${holdReasonTexts.nightTimeNoConsent.ko} (보류 해제 2026-12-02 08:00)`);
    expect(explainCheck(capped.checks.at(-1)).text.en).toBe(
      `${suppressReasonTexts.frequencyCapDay.en}: 9 of 1 today, 9 of 3 this week`
        .replace('9 of 1', `9 of ${(capped.checks.at(-1)!.detail as { perDay: number }).perDay}`)
        .replace('9 of 3', `9 of ${(capped.checks.at(-1)!.detail as { perWeek: number }).perWeek}`),
    );
  });

  test('consents and times', () => {
    expect(explainConsents({ sms: true, night: false }).map((c) => [c.channel, c.consented])).toEqual([
      ['sms', true],
      ['email', null],
      ['push', null],
      ['night', false],
    ]);
    expect(seoulTime(Date.parse('2026-12-01T15:30:00Z'))).toBe('2026-12-02 00:30');
    expect(seoulTime(null)).toBe('-');
  });
});
