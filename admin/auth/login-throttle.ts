import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ThrottleLimits {
  maxFailures: number;
  lockMinutes: number;
  ipMaxFailures: number;
}

export interface ThrottleState {
  locked: boolean;
  retryAfterSeconds: number;
}

/**
 * Failed-login counters in Redis, per account and per client IP. A counter
 * expires `lockMinutes` after its first failure; reaching the limit locks
 * that account (or IP) until it expires. Losing Redis only resets counters.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: ThrottleLimits,
    private readonly prefix: string,
  ) {}

  private accountKey(email: string) {
    // Hashed so that mistyped e-mails (often passwords) are not stored in Redis.
    return `${this.prefix}:login:acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
  }

  private ipKey(ip: string) {
    return `${this.prefix}:login:ip:${ip}`;
  }

  async state(email: string, ip: string): Promise<ThrottleState> {
    const [acct, byIp, acctTtl, ipTtl] = await this.redis
      .multi()
      .get(this.accountKey(email))
      .get(this.ipKey(ip))
      .ttl(this.accountKey(email))
      .ttl(this.ipKey(ip))
      .exec()
      .then((rows) => (rows ?? []).map(([, v]) => Number(v ?? 0)));
    const acctLocked = acct >= this.limits.maxFailures;
    const ipLocked = byIp >= this.limits.ipMaxFailures;
    return {
      locked: acctLocked || ipLocked,
      retryAfterSeconds: Math.max(acctLocked ? acctTtl : 0, ipLocked ? ipTtl : 0, 0),
    };
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const ttl = this.limits.lockMinutes * 60;
    const multi = this.redis.multi();
    for (const key of [this.accountKey(email), this.ipKey(ip)]) {
      multi.incr(key).expire(key, ttl, 'NX');
    }
    await multi.exec();
  }

  /** A successful login clears the account's counter (not the IP's). */
  async clearAccount(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }
}
