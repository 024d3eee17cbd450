import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ThrottleLimits {
  maxFailures: number;
  lockMinutes: number;
  ipMaxFailures: number;
}

export type Reservation = { granted: true } | { granted: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the account's and the IP's allowance, or refuses
 * when either is used up. One script, so Redis runs it atomically: of any
 * number of parallel attempts, at most the limit are granted. A counter
 * expires `window` seconds after its first attempt.
 * KEYS: account counter, IP counter. ARGV: account limit, IP limit, window.
 */
const reserveScript = `
local acct = tonumber(redis.call('GET', KEYS[1]) or '0')
local ip = tonumber(redis.call('GET', KEYS[2]) or '0')
local acctLocked = acct >= tonumber(ARGV[1])
local ipLocked = ip >= tonumber(ARGV[2])
if acctLocked or ipLocked then
  local wait = 0
  if acctLocked then wait = math.max(wait, redis.call('TTL', KEYS[1])) end
  if ipLocked then wait = math.max(wait, redis.call('TTL', KEYS[2])) end
  return {0, wait}
end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], ARGV[3]) end
end
return {1, 0}`;

/**
 * The right password: the account's counter starts again, and the attempt
 * is given back to the IP (an office behind one address logs in all day).
 */
const succeededScript = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1`;

/**
 * Login attempt counters in Redis, per account and per client IP. Every
 * attempt is counted BEFORE the password is checked (the check is slow on
 * purpose, so counting afterwards let a burst of parallel attempts all pass
 * a "not locked yet" test); a wrong password leaves its attempt counted.
 * Reaching the limit locks that account (or IP) until the counter expires.
 * Losing Redis only resets counters.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: ThrottleLimits,
    private readonly prefix: string,
  ) {}

  /**
   * `account` is the login e-mail in its normal form (resources/staff/staff-email.ts):
   * every spelling that can reach an account shares its counter. Hashed, so
   * mistyped e-mails (often passwords) are not stored in Redis.
   */
  private accountKey(account: string) {
    return `${this.prefix}:login:acct:${createHash('sha256').update(account).digest('hex')}`;
  }

  private ipKey(ip: string) {
    return `${this.prefix}:login:ip:${ip}`;
  }

  async reserve(account: string, ip: string): Promise<Reservation> {
    const [granted, wait] = (await this.redis.eval(
      reserveScript,
      2,
      this.accountKey(account),
      this.ipKey(ip),
      this.limits.maxFailures,
      this.limits.ipMaxFailures,
      this.limits.lockMinutes * 60,
    )) as [number, number];
    return granted === 1 ? { granted: true } : { granted: false, retryAfterSeconds: Math.max(Number(wait), 0) };
  }

  async succeeded(account: string, ip: string): Promise<void> {
    await this.redis.eval(succeededScript, 2, this.accountKey(account), this.ipKey(ip));
  }
}
