import { defaultSendPolicy, type SendChannel } from './send-policy.config.js';
import { localDayPeriod, localWeekPeriod } from './seoul-clock.js';

/**
 * The Redis buckets the frequency-cap counter (built later) increments
 * atomically: one per customer, channel and Seoul calendar day, one per
 * customer, channel and Seoul Monday-start week. Both keys of a customer
 * share the hash tag `{c:<id>}`, so one Lua script may touch both on a
 * Redis Cluster. The caller prepends its environment's key prefix.
 */
export interface CapBucket {
  key: string;
  /** The bucket's window, [start, end) as UTC instants. */
  start: number;
  end: number;
  /** Seconds from `now` until the key may expire: the rest of the window plus `capKeyGraceSeconds`. */
  ttlSeconds: number;
}

/** Kept past the window's end so a late reader (or a skewed clock) never sees a fresh zero too early. */
export const capKeyGraceSeconds = 3600;

export function capWindowKeys(customerId: number | string, channel: SendChannel, now: number, timeZone: string = defaultSendPolicy.timeZone): { day: CapBucket; week: CapBucket } {
  const day = localDayPeriod(now, timeZone);
  const week = localWeekPeriod(now, timeZone);
  const ttl = (end: number) => Math.ceil((end - now) / 1000) + capKeyGraceSeconds;
  const base = `send-cap:{c:${customerId}}:${channel}`;
  return {
    day: { key: `${base}:day:${day.label}`, start: day.start, end: day.end, ttlSeconds: ttl(day.end) },
    week: { key: `${base}:week:${week.label}`, start: week.start, end: week.end, ttlSeconds: ttl(week.end) },
  };
}
