/**
 * The send-time law's settings (README.md in this folder). Plain data so a
 * bank can tune them per deployment; the defaults are what the platform ships.
 */

/** The channels a `message` row goes out on (migrations/1733000300000-journeys.ts). */
export const sendChannels = ['sms', 'email', 'push'] as const;
export type SendChannel = (typeof sendChannels)[number];

export interface FrequencyCap {
  /** Advertising messages per customer on the channel per Seoul calendar day. */
  perDay: number;
  /** … per Seoul calendar week, Monday 00:00 to the next Monday 00:00. */
  perWeek: number;
}

export interface SendPolicyConfig {
  /** The zone whose clock the night window and the cap buckets follow. */
  timeZone: string;
  /**
   * The night window (정보통신망법 제50조 ③: 21:00–08:00), local HH:MM.
   * It runs past midnight: `start` must be later in the day than `end`.
   */
  night: { start: string; end: string };
  frequencyCaps: Record<SendChannel, FrequencyCap>;
  /** How long an investment-propensity assessment stays current, in days of 24 h. */
  suitabilityValidityDays: number;
  /** Stamped on each recommendation record, so a record can be read against the rules of its day. */
  ruleVersion: string;
}

export const defaultSendPolicy: SendPolicyConfig = Object.freeze({
  timeZone: 'Asia/Seoul',
  night: Object.freeze({ start: '21:00', end: '08:00' }),
  frequencyCaps: Object.freeze({
    sms: Object.freeze({ perDay: 1, perWeek: 3 }),
    email: Object.freeze({ perDay: 1, perWeek: 3 }),
    push: Object.freeze({ perDay: 2, perWeek: 5 }),
  }),
  suitabilityValidityDays: 365,
  ruleVersion: 'send-policy/1',
});
