import { customerStatuses, type CustomerStatus } from '../../../resources/customer/customer-status.js';
import { propensities, type Propensity } from '../../../resources/customer/customer-attributes.js';
import { checkSuitability, riskiestGradeAllowed, suitabilityTypes } from '../../recommendation/suitability.js';
import { isKnownTimeZone } from '../../definitions/journey/journey-fields.js';
import { defaultSendPolicy, sendChannels, type SendChannel, type SendPolicyConfig } from './send-policy.config.js';
import type { HoldReason, SuppressReason } from './send-reasons.js';
import { isClockTime, isInstant, nightEndsAt } from './seoul-clock.js';

/**
 * The send-time law: may this message go out now? A pure function of its
 * input and the clock; a channel worker calls it just before delivery and
 * stores the outcome on the `message` row (README.md in this folder).
 *
 * The rules run in a fixed order and stop at the first that does not pass:
 * what comes later may depend on when the message is finally sent (a hold
 * until 08:00 starts a new cap day), so a held message is judged afresh when
 * it is released. `checks` lists every rule evaluated, in order; on a hold
 * or a suppression its last entry is the rule that decided.
 */

export const templateKinds = ['advertising', 'informational'] as const;
export type TemplateKind = (typeof templateKinds)[number];

export interface SendDecisionInput {
  channel: SendChannel;
  customer: {
    status: CustomerStatus;
    consentSms: boolean;
    consentEmail: boolean;
    consentPush: boolean;
    /** 야간 수신 동의: advertising between 21:00 and 08:00. */
    consentNight: boolean;
    /** 투자성향 from the latest assessment, null when never assessed. */
    propensity: Propensity | null;
    /** When that assessment was made (UTC ms), null when never assessed. */
    propensityAssessedAt: number | null;
  };
  template: {
    kind: TemplateKind;
    review: {
      /** The review's status; only `APPROVED` passes. */
      status: string;
      /** 심의필 번호. */
      reviewNumber: string | null;
      /** [validFrom, validUntil) as UTC ms. */
      validFrom: number | null;
      validUntil: number | null;
    };
    /** The template shows a list of recommended products. */
    recommendationSlot: boolean;
  };
  /** A message with the same idempotency key has already been delivered. */
  alreadyDelivered: boolean;
  /** Advertising messages already sent to this customer on this channel in the current day and week buckets (capWindowKeys), across all journeys. */
  frequency: { sentToday: number; sentThisWeek: number };
  /** The product the message presents (a recommendation, 권유), if any. */
  product?: { id: number | string; type: string; riskGrade: number; onSale: boolean };
  /** The recommendation list for the template's slot came back empty. */
  recommendationListEmpty: boolean;
  /** Defaults to `defaultSendPolicy`. */
  policy?: SendPolicyConfig;
}

/** The rules, in the order they are evaluated. */
export const sendRules = [
  'input',
  'customerStatus',
  'templateReview',
  'idempotency',
  'marketingConsent',
  'nightTime',
  'frequencyCap',
  'productOnSale',
  'suitabilityProfile',
  'suitability',
  'recommendation',
] as const;
export type SendRule = (typeof sendRules)[number];

/** One rule's verdict: codes and numbers only, never names, contacts, customer ids or message text. */
export interface SendCheck {
  rule: SendRule;
  ok: boolean;
  reason?: SuppressReason | HoldReason;
  detail?: Record<string, string | number | boolean | null>;
}

/** What the 10-year record of a recommendation (금융소비자보호법 제17조, 제28조) keeps. */
export interface RecommendationRecord {
  productId: number | string;
  productType: string;
  riskGrade: number;
  /** Whether the suitability rule applies to the product type (investment products). */
  suitabilityApplies: boolean;
  propensity: Propensity | null;
  propensityAssessedAt: number | null;
  ruleVersion: string;
  decidedAt: number;
}

export type SendDecision =
  | { kind: 'send'; checks: SendCheck[]; recommendationRecord?: RecommendationRecord }
  | { kind: 'hold'; until: number; reason: HoldReason; checks: SendCheck[] }
  | { kind: 'suppress'; reason: SuppressReason; checks: SendCheck[] };

const dayMs = 86_400_000;
const statusReason: Record<Exclude<CustomerStatus, 'ACTIVE'>, SuppressReason> = {
  WITHDRAWN: 'customerWithdrawn',
  DORMANT: 'customerDormant',
  SUSPENDED: 'customerSuspended',
};
const consentOf: Record<SendChannel, 'consentSms' | 'consentEmail' | 'consentPush'> = { sms: 'consentSms', email: 'consentEmail', push: 'consentPush' };

/** A value for a check's detail: strings, numbers, booleans and null as they are, anything else by its type (never a throwing `String(x)`). */
const scalar = (x: unknown): string | number | boolean | null =>
  x === null || x === undefined ? null : typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : `(${typeof x})`;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const oneOf = <T extends string>(values: readonly T[], x: unknown): x is T => typeof x === 'string' && (values as readonly string[]).includes(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && x >= 0;

const validPolicies = new WeakMap<SendPolicyConfig, boolean>();
function isValidPolicy(policy: unknown): policy is SendPolicyConfig {
  if (!isObject(policy)) return false;
  const known = validPolicies.get(policy as unknown as SendPolicyConfig);
  if (known !== undefined) return known;
  const p = policy as unknown as SendPolicyConfig;
  const ok =
    typeof p.timeZone === 'string' &&
    isKnownTimeZone(p.timeZone) &&
    isObject(p.night) &&
    isClockTime(p.night.start) &&
    isClockTime(p.night.end) &&
    p.night.end < p.night.start &&
    isObject(p.frequencyCaps) &&
    sendChannels.every((c) => isObject(p.frequencyCaps[c]) && isCount(p.frequencyCaps[c].perDay) && isCount(p.frequencyCaps[c].perWeek)) &&
    typeof p.suitabilityValidityDays === 'number' &&
    p.suitabilityValidityDays > 0 &&
    typeof p.ruleVersion === 'string';
  validPolicies.set(p, ok);
  return ok;
}

/** Why the input cannot be judged, or null when it can. */
function malformed(input: SendDecisionInput, now: number): string | null {
  if (!isObject(input)) return 'input';
  if (!isInstant(now)) return 'now';
  if (!oneOf(sendChannels, input.channel)) return 'channel';
  if (!isObject(input.customer)) return 'customer';
  if (!oneOf(customerStatuses, input.customer.status)) return 'customer.status';
  if (input.customer.propensity !== null && !oneOf(propensities, input.customer.propensity)) return 'customer.propensity';
  if (!isObject(input.template)) return 'template';
  if (!oneOf(templateKinds, input.template.kind)) return 'template.kind';
  if (!isObject(input.template.review)) return 'template.review';
  if (!isObject(input.frequency)) return 'frequency';
  if (input.product !== undefined && !isObject(input.product)) return 'product';
  if (!isValidPolicy(input.policy ?? defaultSendPolicy)) return 'policy';
  return null;
}

export function decideSend(input: SendDecisionInput, now: number): SendDecision {
  const checks: SendCheck[] = [];
  const suppress = (rule: SendRule, reason: SuppressReason, detail?: SendCheck['detail']): SendDecision => {
    checks.push(detail ? { rule, ok: false, reason, detail } : { rule, ok: false, reason });
    return { kind: 'suppress', reason, checks };
  };
  const pass = (rule: SendRule, detail?: SendCheck['detail']) => {
    checks.push(detail ? { rule, ok: true, detail } : { rule, ok: true });
  };

  const bad = malformed(input, now);
  if (bad) return suppress('input', 'invalidInput', { field: bad });
  pass('input');
  const policy = input.policy ?? defaultSendPolicy;
  const { customer, template, channel } = input;

  // 1. Only an active customer receives anything.
  if (customer.status !== 'ACTIVE') return suppress('customerStatus', statusReason[customer.status], { status: customer.status });
  pass('customerStatus', { status: 'ACTIVE' });

  // 2. The template's compliance review is approved, numbered and valid now.
  const review = template.review;
  const reviewDetail = {
    status: scalar(review.status),
    reviewNumber: scalar(review.reviewNumber),
    validFrom: scalar(review.validFrom),
    validUntil: scalar(review.validUntil),
  };
  if (review.status !== 'APPROVED' || typeof review.reviewNumber !== 'string' || review.reviewNumber.trim() === '') {
    return suppress('templateReview', 'templateNotApproved', reviewDetail);
  }
  if (!(typeof review.validFrom === 'number' && review.validFrom <= now)) return suppress('templateReview', 'templateReviewNotYetValid', reviewDetail);
  if (!(typeof review.validUntil === 'number' && now < review.validUntil)) return suppress('templateReview', 'templateReviewExpired', reviewDetail);
  pass('templateReview', reviewDetail);

  // 3. Never deliver the same message twice.
  if (input.alreadyDelivered) return suppress('idempotency', 'alreadyDelivered');
  pass('idempotency');

  const advertising = template.kind === 'advertising';
  const exempt = { exempt: 'informational' } as const;

  // 4. Advertising needs the channel's marketing consent.
  if (advertising) {
    const consent = customer[consentOf[channel]] === true;
    if (!consent) return suppress('marketingConsent', 'noMarketingConsent', { channel, consent });
    pass('marketingConsent', { channel, consent });
  } else pass('marketingConsent', exempt);

  // 5. Advertising at night needs night-time consent; without it, hold until the night ends.
  if (advertising) {
    if (customer.consentNight === true) pass('nightTime', { nightConsent: true });
    else {
      const until = nightEndsAt(now, policy.night, policy.timeZone);
      if (until !== null) {
        const reason: HoldReason = 'nightTimeNoConsent';
        checks.push({ rule: 'nightTime', ok: false, reason, detail: { nightConsent: false, night: true, until } });
        return { kind: 'hold', until, reason, checks };
      }
      pass('nightTime', { nightConsent: false, night: false });
    }
  } else pass('nightTime', exempt);

  // 6. Advertising frequency caps per customer and channel, across journeys.
  if (advertising) {
    const cap = policy.frequencyCaps[channel];
    const { sentToday, sentThisWeek } = input.frequency;
    const detail = { channel, sentToday, perDay: cap.perDay, sentThisWeek, perWeek: cap.perWeek };
    // Written as "not below the cap" so a count that is not a number fails closed.
    if (!(sentToday < cap.perDay)) return suppress('frequencyCap', 'frequencyCapDay', detail);
    if (!(sentThisWeek < cap.perWeek)) return suppress('frequencyCap', 'frequencyCapWeek', detail);
    pass('frequencyCap', detail);
  } else pass('frequencyCap', exempt);

  // 7. A product is presented only when on sale and suitable, against a current assessment.
  let recommendationRecord: RecommendationRecord | undefined;
  const product = input.product;
  if (product === undefined) {
    pass('productOnSale', { product: false });
    pass('suitabilityProfile', { product: false });
    pass('suitability', { product: false });
  } else {
    const productDetail = { productType: scalar(product.type), riskGrade: scalar(product.riskGrade) };
    if (product.onSale !== true) return suppress('productOnSale', 'notOnSale', { ...productDetail, onSale: false });
    pass('productOnSale', { ...productDetail, onSale: true });

    const applies = suitabilityTypes.has(product.type);
    const { propensity, propensityAssessedAt: assessedAt } = customer;
    if (!applies) {
      pass('suitabilityProfile', { ...productDetail, applies: false });
      pass('suitability', { ...productDetail, applies: false });
    } else {
      if (propensity === null || typeof assessedAt !== 'number') {
        return suppress('suitabilityProfile', 'suitabilityProfileMissing', { propensity: propensity ?? null, assessedAt: assessedAt ?? null });
      }
      const expiresAt = assessedAt + policy.suitabilityValidityDays * dayMs;
      const profileDetail = { propensity, assessedAt, validityDays: policy.suitabilityValidityDays, expiresAt };
      // "not before expiry" fails closed on a date that is not a number.
      if (!(now < expiresAt)) return suppress('suitabilityProfile', 'suitabilityProfileExpired', profileDetail);
      pass('suitabilityProfile', profileDetail);

      const gradeDetail = { ...productDetail, propensity, riskiestGradeAllowed: riskiestGradeAllowed[propensity] };
      // A grade outside 1..6 cannot be judged: unsuitable rather than waved through.
      const validGrade = Number.isInteger(product.riskGrade) && product.riskGrade >= 1 && product.riskGrade <= 6;
      if (!validGrade || !checkSuitability(propensity, product.type, product.riskGrade).ok) return suppress('suitability', 'unsuitable', gradeDetail);
      pass('suitability', gradeDetail);
    }
    recommendationRecord = {
      productId: product.id,
      productType: product.type,
      riskGrade: product.riskGrade,
      suitabilityApplies: applies,
      propensity,
      propensityAssessedAt: assessedAt,
      ruleVersion: policy.ruleVersion,
      decidedAt: now,
    };
  }

  // 8. A recommendation slot with nothing to show.
  if (template.recommendationSlot === true) {
    if (input.recommendationListEmpty) return suppress('recommendation', 'noRecommendation', { slot: true, empty: true });
    pass('recommendation', { slot: true, empty: false });
  } else pass('recommendation', { slot: false });

  return recommendationRecord ? { kind: 'send', checks, recommendationRecord } : { kind: 'send', checks };
}
