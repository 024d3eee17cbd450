/**
 * The delivery infrastructure the channel workers share, against the real services: the frequency-cap
 * counter and the channel rate limiter on Redis, the gateway breaker in front of the local push receiver
 * (FCM v1 shape), the delivery ledger on the `message` table of the suite's MariaDB.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Connection } from 'mysql2/promise';
import { startLocalGateways, type LocalGateways } from '../engine/channels/local-gateways/index.js';
import { ChannelRateLimiter } from '../engine/channels/delivery/channel-rate-limiter.js';
import { DeliveryLedger, ambiguousPolicy, type Claim, type SqlRunner } from '../engine/channels/delivery/delivery-ledger.js';
import { FrequencyCapCounter } from '../engine/channels/delivery/frequency-cap-counter.js';
import { GatewayBreaker, GatewayCircuitOpenError } from '../engine/channels/delivery/gateway-breaker.js';
import { OperationalError, UserError } from '../engine/errors/index.js';
import { testDb } from './support/db.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `dlv-${randomUUID().slice(0, 8)}:`;
const redises: Redis[] = [];
const newRedis = () => {
  const r = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  redises.push(r);
  return r;
};

async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterAll(async () => {
  const r = redises[0];
  if (r) {
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
  }
  await Promise.all(redises.map((x) => x.quit()));
});

describe('frequency-cap counter (Redis, one Lua script)', () => {
  // 2026-12-02 10:00 Seoul (01:00 UTC), a Wednesday.
  const wednesday = Date.UTC(2026, 11, 2, 1, 0);

  test('50 concurrent attempts from 5 connections against a cap of 3: exactly 3 pass, both buckets count 3', async () => {
    const counters = Array.from({ length: 5 }, () => new FrequencyCapCounter(newRedis(), { keyPrefix: prefix }));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => counters[i % 5]!.take(101, 'sms', { day: 3, week: 10 }, wednesday)));
    expect(results.filter((r) => r.passed)).toHaveLength(3);
    expect(results.filter((r) => !r.passed).every((r) => r.reason === 'frequencyCapDay' && r.dayCount === 3)).toBe(true);
    const r = redises[0]!;
    expect(await r.get(results[0]!.keys.day)).toBe('3');
    expect(await r.get(results[0]!.keys.week)).toBe('3');
  });

  test('the week cap refuses without counting the day; TTLs run to the end of the Seoul day and week (plus grace)', async () => {
    const counter = new FrequencyCapCounter(newRedis(), { keyPrefix: prefix });
    const caps = { day: 5, week: 2 };
    expect((await counter.take(102, 'email', caps, wednesday)).passed).toBe(true);
    expect((await counter.take(102, 'email', caps, wednesday)).passed).toBe(true);
    const third = await counter.take(102, 'email', caps, wednesday);
    expect(third).toMatchObject({ passed: false, reason: 'frequencyCapWeek', dayCount: 2, weekCount: 2 });
    const r = redises[0]!;
    // `now` is a fixed instant, so the TTLs are those from it: 14 h to Seoul midnight, 4 days 14 h to Monday, plus 1 h.
    const dayTtl = await r.ttl(third.keys.day);
    const weekTtl = await r.ttl(third.keys.week);
    expect(dayTtl).toBeGreaterThan(14 * 3600 + 3600 - 60);
    expect(dayTtl).toBeLessThanOrEqual(14 * 3600 + 3600);
    expect(weekTtl).toBeGreaterThan((4 * 24 + 14) * 3600 + 3600 - 60);
    expect(weekTtl).toBeLessThanOrEqual((4 * 24 + 14) * 3600 + 3600);
  });

  test('Seoul midnight starts a new day bucket (15:00 UTC), the week bucket carries on; Monday a new week', async () => {
    const counter = new FrequencyCapCounter(newRedis(), { keyPrefix: prefix });
    const caps = { day: 1, week: 3 };
    const before = Date.UTC(2026, 11, 2, 14, 59, 59); // 23:59:59 Wednesday in Seoul
    const after = Date.UTC(2026, 11, 2, 15, 0, 0); // 00:00 Thursday in Seoul, still Wednesday in UTC
    const a = await counter.take(103, 'push', caps, before);
    expect(a.passed).toBe(true);
    expect((await counter.take(103, 'push', caps, before)).reason).toBe('frequencyCapDay');
    const b = await counter.take(103, 'push', caps, after);
    expect(b).toMatchObject({ passed: true, dayCount: 1, weekCount: 2 });
    expect(b.keys.day).not.toBe(a.keys.day);
    expect(b.keys.week).toBe(a.keys.week);
    const monday = Date.UTC(2026, 11, 6, 15, 0, 0); // 00:00 Monday 7 December in Seoul
    const c = await counter.take(103, 'push', caps, monday);
    expect(c).toMatchObject({ passed: true, dayCount: 1, weekCount: 1 });
    expect(c.keys.week).not.toBe(a.keys.week);
  });

  test('release gives the slot back (never below zero), and a refused take has nothing to release', async () => {
    const counter = new FrequencyCapCounter(newRedis(), { keyPrefix: prefix });
    const caps = { day: 1, week: 1 };
    const taken = await counter.take(104, 'sms', caps, wednesday);
    const refused = await counter.take(104, 'sms', caps, wednesday);
    expect(refused.passed).toBe(false);
    expect(await counter.release(refused)).toEqual({ dayCount: 1, weekCount: 1 });
    expect(await counter.release(taken)).toEqual({ dayCount: 0, weekCount: 0 });
    expect(await counter.release(taken)).toEqual({ dayCount: 0, weekCount: 0 });
    expect((await counter.take(104, 'sms', caps, wednesday)).passed).toBe(true);
  });
});

describe('channel rate limiter (Redis, shared by processes)', () => {
  test('3 limiters sharing a key over 5 seconds: never more than N grants in any second', async () => {
    const limit = 7;
    const key = `${prefix}rate:sms`;
    const limiters = Array.from({ length: 3 }, () => new ChannelRateLimiter(newRedis(), { key, limit }));
    // Each grant as [before the call, after it returned]: the grant happened somewhere in between (test clock).
    const grants: Array<[number, number]> = [];
    const end = Date.now() + 5000;
    await Promise.all(
      limiters.map(async (limiter) => {
        for (;;) {
          const t0 = Date.now();
          if (t0 >= end) return;
          const { granted, waitMs } = await limiter.tryAcquire();
          const t1 = Date.now();
          if (granted) grants.push([t0, t1]);
          else await new Promise((r) => setTimeout(r, Math.min(waitMs, 50)));
        }
      }),
    );
    // Per test-clock second: the grants known to lie inside it.
    const start = Math.floor(grants[0]![0] / 1000);
    for (let s = start; s * 1000 < end; s++) {
      const inside = grants.filter(([t0, t1]) => t0 >= s * 1000 && t1 < (s + 1) * 1000).length;
      expect(inside).toBeLessThanOrEqual(limit);
    }
    // Any N + 1 grants span at least a second (sorted by when they returned).
    const sorted = [...grants].sort((x, y) => x[1] - y[1]);
    for (let i = 0; i + limit < sorted.length; i++) {
      const group = sorted.slice(i, i + limit + 1);
      expect(Math.max(...group.map((g) => g[1])) - Math.min(...group.map((g) => g[0]))).toBeGreaterThanOrEqual(1000);
    }
    // And the limit is used, not merely respected: about N per second over 5 seconds.
    expect(grants.length).toBeGreaterThanOrEqual(limit * 4);
    expect(grants.length).toBeLessThanOrEqual(limit * 6);
  });

  test('concurrent acquire() calls ask Redis together and still never exceed the limit in any window', async () => {
    const limit = 8;
    const limiter = new ChannelRateLimiter(newRedis(), { key: `${prefix}rate:batched`, limit, windowMs: 400 });
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 3 * limit }, () => limiter.acquire().then(() => grants.push(Date.now()))));
    expect(grants).toHaveLength(3 * limit);
    grants.sort((a, b) => a - b);
    // Every limit + 1 consecutive grants span about the window (seen by this client, whose event loop may
    // hand an earlier grant over late: 100 ms of slack; a limit exceeded would show spans near 0).
    for (let i = 0; i + limit < grants.length; i++) expect(grants[i + limit]! - grants[i]!).toBeGreaterThanOrEqual(300);
  });

  test('a refused attempt says how long to wait; acquire waits that long', async () => {
    const limiter = new ChannelRateLimiter(newRedis(), { key: `${prefix}rate:email`, limit: 1, windowMs: 300 });
    expect(await limiter.tryAcquire()).toEqual({ granted: true, waitMs: 0 });
    const refused = await limiter.tryAcquire();
    expect(refused.granted).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(0);
    expect(refused.waitMs).toBeLessThanOrEqual(300);
    await limiter.acquire();
    expect((await limiter.tryAcquire()).granted).toBe(false);
  });
});

describe('gateway breaker (opossum) before the local push receiver', () => {
  let gw: LocalGateways;
  beforeAll(async () => {
    gw = await startLocalGateways({ push: { token: 'test-token' } });
  });
  afterAll(() => gw?.stop());

  /** A minimal FCM v1 client: 400 is the request's fault (user), 429 and 5xx the gateway's (operational). */
  async function sendPush(token: string): Promise<string> {
    const res = await fetch(`${gw.push.url}/v1/projects/bank/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.push.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: token ? { token, notification: { title: 't', body: 'b' } } : { notification: { title: 't' } } }),
    });
    const body = (await res.json()) as { name?: string };
    if (res.ok) return body.name!;
    if (res.status === 400) throw new UserError('invalidRecipient', 'the push gateway refused the request (400)');
    throw new OperationalError('gatewayUnavailable', `the push gateway answered ${res.status}`);
  }

  test('user errors never open it; a dead gateway opens it after N failures, calls then fail fast without reaching it, and a probe closes it on recovery', async () => {
    const breaker = new GatewayBreaker(sendPush, { gateway: 'push', failureThreshold: 3, windowMs: 10_000, resetTimeoutMs: 400 });
    try {
      expect(await breaker.fire('tok-1')).toMatch(/^projects\/bank\/messages\//);
      expect(gw.received().push.map((p) => p.token)).toEqual(['tok-1']);
      // Ten invalid requests (no token): user errors, rethrown as they are, the circuit stays closed.
      for (let i = 0; i < 10; i++) await expect(breaker.fire('')).rejects.toMatchObject({ kind: 'user', code: 'invalidRecipient' });
      expect(breaker.state).toBe('closed');

      // The gateway fails exactly 3 valid requests (503, not recorded): the third failure opens the circuit.
      gw.servers.push.failNext(3);
      for (let i = 0; i < 3; i++) await expect(breaker.fire(`dead-${i}`)).rejects.toMatchObject({ kind: 'operational', code: 'gatewayUnavailable' });
      expect(breaker.state).toBe('open');
      // Open: refused at once. The receiver fails no more requests, so any call reaching it would be recorded.
      for (let i = 0; i < 5; i++) {
        const err = await breaker.fire(`fast-${i}`).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(GatewayCircuitOpenError);
        expect(err).toMatchObject({ kind: 'operational', code: 'gatewayCircuitOpen', gateway: 'push' });
        expect((err as GatewayCircuitOpenError).retryAt).toBe(breaker.retryAt);
      }
      expect(gw.received().push.map((p) => p.token)).toEqual(['tok-1']);

      // After the reset timeout the circuit is half-open; the probe reaches the recovered gateway and closes it.
      await waitFor(() => breaker.state === 'halfOpen', 'the half-open circuit');
      await breaker.fire('probe');
      expect(breaker.state).toBe('closed');
      expect(gw.received().push.map((p) => p.token)).toEqual(['tok-1', 'probe']);
    } finally {
      breaker.shutdown();
    }
  });

  test('a failed probe opens it again', async () => {
    const breaker = new GatewayBreaker(sendPush, { gateway: 'push', failureThreshold: 1, resetTimeoutMs: 200 });
    try {
      gw.servers.push.failNext(2);
      await expect(breaker.fire('x')).rejects.toMatchObject({ code: 'gatewayUnavailable' });
      expect(breaker.state).toBe('open');
      await waitFor(() => breaker.state === 'halfOpen', 'the half-open circuit');
      await expect(breaker.fire('y')).rejects.toMatchObject({ code: 'gatewayUnavailable' });
      expect(breaker.state).toBe('open');
      await expect(breaker.fire('z')).rejects.toBeInstanceOf(GatewayCircuitOpenError);
    } finally {
      breaker.shutdown();
    }
  });
});

describe('delivery ledger (the message table)', () => {
  let conn: Connection;
  let db: SqlRunner;
  const run = `dlv-${randomUUID().slice(0, 8)}`;
  let seq = 0;

  beforeAll(async () => {
    conn = await testDb();
    db = { query: async (sql, params) => (await conn.query(sql, params))[0] };
  });
  afterAll(async () => {
    await conn?.query('DELETE FROM message WHERE idempotency_key LIKE ?', [`${run}:%`]);
    await conn?.end();
  });

  async function newMessage(channel: 'sms' | 'email' | 'push' = 'sms'): Promise<number> {
    const [r] = await conn.query(
      `INSERT INTO message (idempotency_key, channel, template_id, customer_id, status, requested_at, updated_at)
       VALUES (?, ?, 1, 900001, 'QUEUED', NOW(3), NOW(3))`,
      [`${run}:${++seq}`, channel],
    );
    return (r as { insertId: number }).insertId;
  }
  const row = async (id: number) =>
    ((await conn.query('SELECT status, status_reason, attempt_count, provider_message_id, claim_token, sent_at FROM message WHERE id = ?', [id]))[0] as any[])[0];

  test('of 10 concurrent claims one wins; the gateway id is recorded with SENT; a later claim sees it sent', async () => {
    const ledger = new DeliveryLedger(db, { claimTimeoutMs: 60_000 });
    const id = await newMessage();
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.claim(id)));
    const won = results.filter((r) => r.kind === 'claimed') as Array<Claim & { kind: 'claimed' }>;
    expect(won).toHaveLength(1);
    expect(won[0]!.attempt).toBe(1);
    expect(results.filter((r) => r.kind === 'inProgress')).toHaveLength(9);
    expect(await ledger.recordSent(won[0]!, 'smsc-42')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'SENT', attempt_count: 1, provider_message_id: 'smsc-42' });
    expect((await row(id)).sent_at).toBeInstanceOf(Date);
    expect(await ledger.claim(id)).toEqual({ kind: 'alreadySent', providerMessageId: 'smsc-42', status: 'SENT' });
  });

  test('unclaim puts it back for a retry (the attempt counted), fail ends it; a stale claim token changes nothing', async () => {
    const ledger = new DeliveryLedger(db, { claimTimeoutMs: 60_000 });
    const id = await newMessage();
    const first = await ledger.claim(id);
    if (first.kind !== 'claimed') throw new Error(first.kind);
    expect(await ledger.unclaim(first, 'gatewayUnavailable')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'QUEUED', attempt_count: 1, claim_token: null });
    const second = await ledger.claim(id);
    if (second.kind !== 'claimed') throw new Error(second.kind);
    expect(second.attempt).toBe(2);
    expect(await ledger.recordSent(first, 'late')).toBe(false);
    expect(await ledger.fail(second, 'invalidRecipient')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'FAILED', status_reason: 'invalidRecipient', provider_message_id: null });
    expect(await ledger.claim(id)).toEqual({ kind: 'finished', status: 'FAILED', reason: 'invalidRecipient' });
  });

  test('a claim older than the timeout without a provider id is ambiguous: failed for review (sms) or taken over by one worker (email)', async () => {
    const ledger = new DeliveryLedger(db, { claimTimeoutMs: 200 });
    const sms = await newMessage('sms');
    const email = await newMessage('email');
    for (const id of [sms, email]) expect((await ledger.claim(id)).kind).toBe('claimed');
    // The "crashed" workers never record; after the timeout (the database's clock) the claims are ambiguous.
    expect((await ledger.describe(sms)).kind).toBe('inProgress');
    const found = await waitFor(async () => {
      const list = (await ledger.findAmbiguous(1000)).filter((a) => a.messageId === sms || a.messageId === email);
      return list.length === 2 ? list : undefined;
    }, 'both claims to go stale');
    expect(found.map((f) => f.channel).sort()).toEqual(['email', 'sms']);

    const smsState = await ledger.claim(sms);
    if (smsState.kind !== 'ambiguous') throw new Error(smsState.kind);
    expect(ambiguousPolicy.sms).toBe('failUnknownOutcome');
    expect(await ledger.resolveAmbiguous(sms, smsState.staleToken, ambiguousPolicy.sms)).toBe('failed');
    expect(await ledger.resolveAmbiguous(sms, smsState.staleToken, ambiguousPolicy.sms)).toBe('lost');
    expect(await row(sms)).toMatchObject({ status: 'FAILED', status_reason: 'unknown-outcome', attempt_count: 1 });

    const emailState = await ledger.describe(email);
    if (emailState.kind !== 'ambiguous') throw new Error(emailState.kind);
    expect(ambiguousPolicy.email).toBe('resubmit');
    const takeovers = await Promise.all(Array.from({ length: 5 }, () => ledger.resolveAmbiguous(email, emailState.staleToken, 'resubmit')));
    const claims = takeovers.filter((t): t is Claim => typeof t === 'object');
    expect(claims).toHaveLength(1);
    expect(takeovers.filter((t) => t === 'lost')).toHaveLength(4);
    expect(claims[0]!.attempt).toBe(2);
    expect(await ledger.recordSent(claims[0]!, `<m${email}@mail.bank.example>`)).toBe(true);
    expect(await row(email)).toMatchObject({ status: 'SENT', attempt_count: 2, provider_message_id: `<m${email}@mail.bank.example>` });
  });

  test('a missing message', async () => {
    expect(await new DeliveryLedger(db, { claimTimeoutMs: 1000 }).claim(4_000_000_000)).toEqual({ kind: 'missing' });
  });
});
