import type { Redis } from 'ioredis';
import { capWindowKeys } from '../policy/cap-window.js';
import type { SendChannel } from '../policy/send-policy.config.js';

/**
 * The frequency cap as Redis holds it: for a customer and channel, the Seoul day and Seoul week buckets of
 * `capWindowKeys`. One Lua script reads both, and increments both (setting their TTLs) only when both are
 * under their cap, so two journeys racing for the last slot cannot both pass.
 */
const takeScript = `
local day = tonumber(redis.call('GET', KEYS[1]) or '0')
local week = tonumber(redis.call('GET', KEYS[2]) or '0')
if day >= tonumber(ARGV[1]) or week >= tonumber(ARGV[2]) then
  return {0, day, week}
end
day = redis.call('INCR', KEYS[1])
week = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return {1, day, week}
`;

/** Gives back a slot: decrements both buckets, never below zero, and never creates a key that expired. */
const releaseScript = `
local out = {}
for i = 1, 2 do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v > 0 then v = redis.call('DECR', KEYS[i]) end
  out[i] = v
end
return out
`;

interface CapCommands {
  capTake(dayKey: string, weekKey: string, dayCap: number, weekCap: number, dayTtl: number, weekTtl: number): Promise<[number, number, number]>;
  capRelease(dayKey: string, weekKey: string): Promise<[number, number]>;
}

export interface CapLimits {
  day: number;
  week: number;
}

/** What `take` did; pass it to `release` to give the slot back (the same keys, whatever the clock says then). */
export interface CapTake {
  passed: boolean;
  /** The reason when it did not pass: the day cap is checked first. */
  reason?: 'frequencyCapDay' | 'frequencyCapWeek';
  /** The bucket counts after the call (including this send when it passed). */
  dayCount: number;
  weekCount: number;
  keys: { day: string; week: string };
}

export interface FrequencyCapCounterOptions {
  /** The environment's key prefix (e.g. the queue prefix plus `:`), prepended to every key. */
  keyPrefix: string;
  timeZone?: string;
}

export class FrequencyCapCounter {
  private readonly redis: Redis & CapCommands;

  constructor(
    redis: Redis,
    private readonly options: FrequencyCapCounterOptions,
  ) {
    if (!(redis as Partial<CapCommands>).capTake) {
      redis.defineCommand('capTake', { numberOfKeys: 2, lua: takeScript });
      redis.defineCommand('capRelease', { numberOfKeys: 2, lua: releaseScript });
    }
    this.redis = redis as Redis & CapCommands;
  }

  /** Takes one slot of both buckets if both are under their cap; `now` decides the buckets (Seoul day and week). */
  async take(customerId: number | string, channel: SendChannel, caps: CapLimits, now: number): Promise<CapTake> {
    for (const [name, cap] of Object.entries(caps)) {
      if (!Number.isInteger(cap) || cap < 0) throw new RangeError(`the ${name} cap must be a whole number from 0, got ${cap}`);
    }
    const { day, week } = capWindowKeys(customerId, channel, now, this.options.timeZone);
    const keys = { day: this.options.keyPrefix + day.key, week: this.options.keyPrefix + week.key };
    const [ok, dayCount, weekCount] = await this.redis.capTake(keys.day, keys.week, caps.day, caps.week, day.ttlSeconds, week.ttlSeconds);
    const passed = ok === 1;
    const reason = passed ? undefined : dayCount >= caps.day ? 'frequencyCapDay' : 'frequencyCapWeek';
    return { passed, ...(reason ? { reason } : {}), dayCount, weekCount, keys };
  }

  /** The current counts of both buckets, without taking a slot (what `decideSend` is given; `take` re-checks atomically). */
  async peek(customerId: number | string, channel: SendChannel, now: number): Promise<{ dayCount: number; weekCount: number }> {
    const { day, week } = capWindowKeys(customerId, channel, now, this.options.timeZone);
    const [d, w] = await this.redis.mget(this.options.keyPrefix + day.key, this.options.keyPrefix + week.key);
    return { dayCount: Number(d ?? 0), weekCount: Number(w ?? 0) };
  }

  /** Gives a passed slot back, for a send that failed before it reached the gateway. Returns the counts after. */
  async release(taken: CapTake): Promise<{ dayCount: number; weekCount: number }> {
    if (!taken.passed) return { dayCount: taken.dayCount, weekCount: taken.weekCount };
    const [dayCount, weekCount] = await this.redis.capRelease(taken.keys.day, taken.keys.week);
    return { dayCount, weekCount };
  }
}
