import type { SendDecisionInput } from './decide-send.js';

/** A Seoul wall-clock time as a UTC instant: seoul('2026-12-02T21:00') (Seoul is UTC+9 all year). */
export const seoul = (local: string): number => Date.parse(`${local}+09:00`);

/** Midday in Seoul on a Wednesday. */
export const noon = seoul('2026-12-02T12:00:00.000');

/** An advertising SMS to an active, fully consenting customer, with a valid review and nothing else in the way. */
export function sendInput(overrides: Partial<SendDecisionInput> = {}): SendDecisionInput {
  return {
    channel: 'sms',
    customer: {
      status: 'ACTIVE',
      consentSms: true,
      consentEmail: true,
      consentPush: true,
      consentNight: false,
      propensity: 'NEUTRAL',
      propensityAssessedAt: seoul('2026-06-01T10:00:00.000'),
    },
    template: {
      kind: 'advertising',
      review: { status: 'APPROVED', reviewNumber: '준법감시인 심의필 제2026-1234호', validFrom: seoul('2026-01-01T00:00:00.000'), validUntil: seoul('2027-01-01T00:00:00.000') },
      recommendationSlot: false,
    },
    alreadyDelivered: false,
    frequency: { sentToday: 0, sentThisWeek: 0 },
    recommendationListEmpty: false,
    ...overrides,
  };
}

export const withCustomer = (c: Partial<SendDecisionInput['customer']>, rest: Partial<SendDecisionInput> = {}): SendDecisionInput => {
  const base = sendInput(rest);
  return { ...base, customer: { ...base.customer, ...c } };
};

export const withTemplate = (t: Partial<SendDecisionInput['template']>, rest: Partial<SendDecisionInput> = {}): SendDecisionInput => {
  const base = sendInput(rest);
  return { ...base, template: { ...base.template, ...t } };
};

export const withReview = (r: Partial<SendDecisionInput['template']['review']>): SendDecisionInput => {
  const base = sendInput();
  return { ...base, template: { ...base.template, review: { ...base.template.review, ...r } } };
};
