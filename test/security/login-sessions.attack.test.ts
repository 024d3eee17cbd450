import { readFile } from 'node:fs/promises';
import type { Connection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { ConsoleClient } from '../support/console-client.js';
import { api, call, must } from '../support/console-api.js';
import { testDb } from '../support/db.js';
import { logIn } from '../support/demo-staff.js';
import { appLogPath, baseUrl, testEnv } from '../support/test-env.js';
import { auditSince, createAccount, lastAuditId } from '../support/staff-accounts.js';

/**
 * Attacks on the login and on sessions, over HTTP with real sessions. The
 * platform runs with LOGIN_MAX_FAILURES=3 (test/support/test-env.ts).
 */
const LIMIT = 3;

let db: Connection;
let admin: ConsoleClient;
let redis: Redis;
beforeAll(async () => {
  db = await testDb();
  admin = await logIn('admin');
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await db.end();
  redis.disconnect();
});

const loginRaw = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email, password }).toString(),
  });

/** A page only a logged-in staff member gets (200); a session that ended gets a redirect to the login (302). */
const stillLoggedIn = async (c: ConsoleClient) => {
  const r = await c.request('/admin/api/dashboard');
  if (r.status === 302) expect(r.location).toBe('/admin/login');
  return r.status === 200;
};

describe('the lockout holds under concurrency', () => {
  test('a burst of 50 parallel wrong passwords lets at most LIMIT reach the password check, and the right one is refused after', async () => {
    const victim = await createAccount(admin, 'burst');
    const since = await lastAuditId(db);
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => loginRaw(victim.email, `wrong-password-${i}`).then((r) => r.status)));
    // Each attempt that reached the password check is a 401 and an "invalid credentials" audit row;
    // the others were refused before it (429, "locked").
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - LIMIT);
    const checked = await auditSince(db, since, "action = 'login.failure' AND record_id = ? AND detail = 'invalid credentials'", [String(victim.id)]);
    expect(checked).toHaveLength(LIMIT);

    const right = await new ConsoleClient().login(victim.email, victim.password);
    expect(right.status).toBe(429);
    expect(right.body).toContain('loginLocked');
    const rows = await auditSince(db, since, "action = 'login.failure' AND record_id = ?", [String(victim.id)]);
    expect(rows.filter((r) => r.detail.startsWith('locked'))).toHaveLength(50 - LIMIT + 1);
    expect(await auditSince(db, since, "action = 'login.success' AND record_id = ?", [String(victim.id)])).toHaveLength(0);
  });
});

describe('look-alike identifiers', () => {
  test("spellings the database would match but that are not the account's normal form never log in, even with the right password", async () => {
    const victim = await createAccount(admin, 'alike');
    const [local, domain] = victim.email.split('@') as [string, string];
    const lookAlikes = [
      `á${local.slice(1)}@${domain}`, // accent: equal under utf8mb4_unicode_ci
      `${local.slice(0, 2)}\u200b${local.slice(2)}@${domain}`, // zero-width space: ignored by the collation
      `${local}\u00ad@${domain}`, // soft hyphen
    ];
    const since = await lastAuditId(db);
    for (const spelling of lookAlikes) {
      const r = await new ConsoleClient().login(spelling, victim.password);
      expect([spelling, r.status]).toEqual([spelling, 401]);
    }
    // They matched no account: the audit rows name none, and keep no clear text.
    const rows = await auditSince(db, since, "action = 'login.failure'");
    expect(rows).toHaveLength(lookAlikes.length);
    for (const row of rows) {
      expect(row.record_id).toBeNull();
      expect(row.actor_email).toMatch(/^unknown\(\d+ chars\)#[0-9a-f]{16}$/);
    }
    // The account itself is untouched by them: it logs in.
    expect((await new ConsoleClient().login(victim.email, victim.password)).status).toBe(302);
  });

  test('spellings that normalise to the account (case, surrounding white space) share one counter', async () => {
    const victim = await createAccount(admin, 'share');
    const upper = victim.email.toUpperCase();
    const spellings = [upper, ` ${victim.email} `, `${victim.email[0]!.toUpperCase()}${victim.email.slice(1)}\t`];
    for (const s of spellings) expect((await new ConsoleClient().login(s, 'wrong-password-1')).status).toBe(401);
    const locked = await new ConsoleClient().login(victim.email, victim.password);
    expect(locked.status).toBe(429);
    // And the upper-case spelling with the right password was locked out too (same counter), not a way around it.
    expect((await new ConsoleClient().login(upper, victim.password)).status).toBe(429);
  });
});

describe('failed logins keep no clear-text identifier', () => {
  test('a password typed into the e-mail box is neither in the audit log, nor in Redis, nor in the application log', async () => {
    const typed = `Typed-Secret-${Date.now()}`;
    const since = await lastAuditId(db);
    expect((await new ConsoleClient().login(typed, 'whatever-123')).status).toBe(401);
    const [row] = await auditSince(db, since, "action = 'login.failure'");
    expect(row).toMatchObject({ record_id: null, actor_email: `unknown(${typed.length} chars)#${row.actor_email.slice(-16)}` });
    const everything = JSON.stringify(await auditSince(db, since));
    expect(everything).not.toContain(typed);
    expect(everything.toLowerCase()).not.toContain(typed.toLowerCase());
    const keys = await redis.keys(`${testEnv.queuePrefix}:login:*`);
    expect(keys.join(' ').toLowerCase()).not.toContain(typed.toLowerCase());
    expect((await readFile(appLogPath, 'utf8')).toLowerCase()).not.toContain(typed.toLowerCase());

    // The same text typed again gives the same keyed hash, so repeated attempts can be correlated.
    const again = await lastAuditId(db);
    await new ConsoleClient().login(typed, 'whatever-456');
    expect((await auditSince(db, again, "action = 'login.failure'"))[0].actor_email).toBe(row.actor_email);
  });

  test('a failed login for an existing account names the account (id and stored e-mail), not what was typed', async () => {
    const victim = await createAccount(admin, 'named');
    const since = await lastAuditId(db);
    await new ConsoleClient().login(`  ${victim.email.toUpperCase()}`, 'wrong-password-1');
    const [row] = await auditSince(db, since, "action = 'login.failure'");
    expect(row).toMatchObject({ record_id: String(victim.id), actor_email: victim.email, detail: 'invalid credentials' });
  });
});

describe('X-Forwarded-For is believed only from configured proxies (none here)', () => {
  test('a forged header changes neither the audited IP nor the per-IP counter', async () => {
    const victim = await createAccount(admin, 'xff');
    const forged = '203.0.113.77';
    const since = await lastAuditId(db);
    expect((await loginRaw(victim.email, 'wrong-password-1', { 'x-forwarded-for': forged })).status).toBe(401);
    const [row] = await auditSince(db, since, "action = 'login.failure' AND record_id = ?", [String(victim.id)]);
    expect(row.ip).toContain('127.0.0.1');
    expect(row.ip).not.toContain(forged);

    // The attempt was counted against the real peer, not the forged address.
    expect(await redis.exists(`${testEnv.queuePrefix}:login:ip:${forged}`)).toBe(0);
    const peerKey = `${testEnv.queuePrefix}:login:ip:${row.ip}`;
    const before = Number(await redis.get(peerKey));
    expect(before).toBeGreaterThan(0);
    await loginRaw(victim.email, 'wrong-password-2', { 'x-forwarded-for': '198.51.100.1' });
    expect(Number(await redis.get(peerKey))).toBe(before + 1);

    // A successful login behind a forged header is audited with the real peer too.
    const ok = await loginRaw(victim.email, victim.password, { 'x-forwarded-for': forged });
    expect(ok.status).toBe(302);
    const [success] = await auditSince(db, since, "action = 'login.success' AND record_id = ?", [String(victim.id)]);
    expect(success.ip).toBe(row.ip);
  });
});

describe('sessions end when the account changes', () => {
  test('a password reset ends every open session of the account at its next request', async () => {
    const victim = await createAccount(admin, 'reset');
    const [a, b] = await Promise.all([ConsoleClient.loggedIn(victim.email, victim.password), ConsoleClient.loggedIn(victim.email, victim.password)]);
    expect(await stillLoggedIn(a)).toBe(true);
    expect(await stillLoggedIn(b)).toBe(true);
    must(await call(admin, `${api}/Staff/records/${victim.id}/edit`, { password: 'Another-pass-2027' }), 'reset password');
    expect(await stillLoggedIn(a)).toBe(false);
    expect(await stillLoggedIn(b)).toBe(false);
    // The new password works; the session it opens is not ended by the earlier reset.
    const c = await ConsoleClient.loggedIn(victim.email, 'Another-pass-2027');
    expect(await stillLoggedIn(c)).toBe(true);
  });

  test('a role change ends the sessions opened under the old role', async () => {
    const victim = await createAccount(admin, 'rerole', 'manager');
    const a = await ConsoleClient.loggedIn(victim.email, victim.password);
    expect((await a.request(`${api}/Staff/actions/list`)).status).toBe(200);
    must(await call(admin, `${api}/Staff/records/${victim.id}/edit`, { role: 'banker' }), 'change role');
    expect(await stillLoggedIn(a)).toBe(false);
  });

  test('disabling an account ends its sessions', async () => {
    const victim = await createAccount(admin, 'disable');
    const a = await ConsoleClient.loggedIn(victim.email, victim.password);
    expect(await stillLoggedIn(a)).toBe(true);
    must(await call(admin, `${api}/Staff/records/${victim.id}/edit`, { active: 'false' }), 'disable');
    expect(await stillLoggedIn(a)).toBe(false);
    expect((await new ConsoleClient().login(victim.email, victim.password)).status).toBe(403);
  });

  test('an edit that changes none of password, role or active leaves the sessions alone', async () => {
    const victim = await createAccount(admin, 'rename');
    const a = await ConsoleClient.loggedIn(victim.email, victim.password);
    must(await call(admin, `${api}/Staff/records/${victim.id}/edit`, { displayName: '새이름' }), 'rename');
    expect(await stillLoggedIn(a)).toBe(true);
  });

  test('an administrator who changes their own password keeps this session and loses the others', async () => {
    const self = await createAccount(admin, 'selfpw', 'admin');
    const [here, elsewhere] = await Promise.all([ConsoleClient.loggedIn(self.email, self.password), ConsoleClient.loggedIn(self.email, self.password)]);
    expect(await stillLoggedIn(elsewhere)).toBe(true);
    must(await call(here, `${api}/Staff/records/${self.id}/edit`, { password: 'Own-new-pass-2027' }), 'own password');
    expect(await stillLoggedIn(elsewhere)).toBe(false);
    expect(await stillLoggedIn(here)).toBe(true);
    // ... and still later requests.
    expect((await here.request(`${api}/Staff/actions/list`)).status).toBe(200);
  });
});

describe('logout is a POST', () => {
  test('a GET of the logout address does not log out; it answers 405 with a form that POSTs', async () => {
    const victim = await createAccount(admin, 'logout');
    const c = await ConsoleClient.loggedIn(victim.email, victim.password);
    const since = await lastAuditId(db);
    const get = await c.request('/admin/logout');
    expect(get.status).toBe(405);
    expect(get.body).toMatch(/<form method="post" action="\/admin\/logout">/);
    expect(await stillLoggedIn(c)).toBe(true);
    expect(await auditSince(db, since, "action = 'logout'")).toHaveLength(0);

    const post = await c.request('/admin/logout', { method: 'POST' });
    expect(post.status).toBe(302);
    expect(post.location).toBe('/admin/login');
    expect(await stillLoggedIn(c)).toBe(false);
    expect(await auditSince(db, since, "action = 'logout' AND record_id = ?", [String(victim.id)])).toHaveLength(1);
  });
});
