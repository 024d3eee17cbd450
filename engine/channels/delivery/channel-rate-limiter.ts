import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MicroBatcher } from './micro-batcher.js';

/**
 * A sliding-window log in a sorted set, on Redis's own clock (TIME), so every worker process shares one
 * limit whatever its clock says: at most `limit` grants in any `windowMs`. A refused call learns how long
 * until the oldest grant leaves the window.
 */
const acquireScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[2])
local want = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - window))
local n = redis.call('ZCARD', KEYS[1])
local granted = math.max(0, math.min(want, tonumber(ARGV[1]) - n))
if granted > 0 then
  local score = string.format('%.3f', now)
  for i = 1, granted do redis.call('ZADD', KEYS[1], score, ARGV[3] .. ':' .. i) end
  redis.call('PEXPIRE', KEYS[1], math.ceil(window))
end
if granted == want then return {granted, 0} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {granted, math.max(1, math.ceil(tonumber(oldest[2]) + window - now))}
`;

interface RateCommands {
  /** Grants up to `want` slots at once (one log entry each); answers how many, and the wait for the rest. */
  rateAcquire(key: string, limit: number, windowMs: number, member: string, want: number): Promise<[number, number]>;
}

export interface ChannelRateLimiterOptions {
  /** The shared key (one per channel or gateway account), prefix included. */
  key: string;
  /** Messages allowed in any window. */
  limit: number;
  /** Default 1000: messages per second. */
  windowMs?: number;
}

export class ChannelRateLimiter {
  private readonly redis: Redis & RateCommands;
  private readonly windowMs: number;
  /** `acquire` calls made within a millisecond or two ask Redis together (one script call for all of them). */
  private readonly together = new MicroBatcher<void, { granted: boolean; waitMs: number }>(
    async (items) => {
      const [granted, waitMs] = await this.redis.rateAcquire(this.options.key, this.options.limit, this.windowMs, randomUUID(), items.length);
      return items.map((_, i) => (i < granted ? { granted: true, waitMs: 0 } : { granted: false, waitMs }));
    },
    { maxSize: 100, maxWaitMs: 1 },
  );

  constructor(
    redis: Redis,
    private readonly options: ChannelRateLimiterOptions,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError(`limit must be a whole number from 1, got ${options.limit}`);
    this.windowMs = options.windowMs ?? 1000;
    if (!(this.windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${this.windowMs}`);
    if (!(redis as Partial<RateCommands>).rateAcquire) redis.defineCommand('rateAcquire', { numberOfKeys: 1, lua: acquireScript });
    this.redis = redis as Redis & RateCommands;
  }

  /** One attempt: `waitMs` 0 when granted, else how long until a slot may be free (try again then). */
  async tryAcquire(): Promise<{ granted: boolean; waitMs: number }> {
    const [granted, waitMs] = await this.redis.rateAcquire(this.options.key, this.options.limit, this.windowMs, randomUUID(), 1);
    return { granted: granted === 1, waitMs };
  }

  /** Waits (as long as Redis says, never busy-looping) until a slot is granted; `signal` aborts the wait. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const { granted, waitMs } = await this.together.add();
      if (granted) return;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
