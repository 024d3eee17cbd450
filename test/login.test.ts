import type { Connection } from 'mysql2/promise';
import { ConsoleClient } from './support/console-client.js';
import { testDb } from './support/db.js';
import { testEnv } from './support/test-env.js';

let db: Connection;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.end();
});

const lastAudit = async (email: string) => {
  const [rows] = await db.query('SELECT action, actor_email, ip, detail FROM audit_log WHERE actor_email = ? ORDER BY id DESC LIMIT 1', [email]);
  return (rows as any[])[0];
};

describe('login', () => {
  test('a demo account logs in, gets an httpOnly SameSite session cookie, and the success is audited', async () => {
    const res = await fetch('http://127.0.0.1:' + testEnv.port + '/admin/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'Marketer@Demo.Bank ', password: testEnv.demoPassword }).toString(),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(await lastAudit('marketer@demo.bank')).toMatchObject({ action: 'login.success', ip: expect.stringContaining('127.0.0.1') });
  });

  test('a wrong password is refused with the login page, no session, and a failure audit line', async () => {
    const c = new ConsoleClient();
    const r = await c.login('banker@demo.bank', 'not-the-password');
    expect(r.status).toBe(401);
    expect(r.body).toContain('invalidCredentials');
    expect((await c.request('/admin/api/resources/Customer/actions/list')).status).toBe(302);
    expect(await lastAudit('banker@demo.bank')).toMatchObject({ action: 'login.failure', detail: 'invalid credentials' });
  });

  test('an unknown e-mail is refused the same way, and audited without the typed text', async () => {
    const [[{ since }]] = (await db.query('SELECT COALESCE(MAX(id), 0) since FROM audit_log')) as any;
    const r = await new ConsoleClient().login('nobody@demo.bank', 'whatever-123');
    expect(r.status).toBe(401);
    expect(r.body).toContain('invalidCredentials');
    const [rows] = await db.query("SELECT record_id, actor_email FROM audit_log WHERE id > ? AND action = 'login.failure'", [since]);
    expect(rows).toEqual([{ record_id: null, actor_email: expect.stringMatching(/^unknown\(16 chars\)#[0-9a-f]{16}$/) }]);
  });

  test('after LOGIN_MAX_FAILURES (3) failures the account is locked, even for the right password, while others still log in', async () => {
    const email = 'banker2@demo.bank';
    for (let i = 0; i < 3; i++) expect((await new ConsoleClient().login(email, `wrong-${i}`)).status).toBe(401);
    const locked = await new ConsoleClient().login(email, testEnv.demoPassword);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('loginLocked');
    expect(await lastAudit(email)).toMatchObject({ action: 'login.failure', detail: expect.stringContaining('locked') });
    expect((await new ConsoleClient().login('manager@demo.bank', testEnv.demoPassword)).status).toBe(302);
  });

  test('a disabled account cannot log in, and an open session of it ends at its next request', async () => {
    const admin = await ConsoleClient.loggedIn('admin@demo.bank', testEnv.demoPassword);
    const victim = await ConsoleClient.loggedIn('compliance@demo.bank', testEnv.demoPassword);
    expect((await victim.request('/admin/api/resources/AuditLog/actions/list')).status).toBe(200);
    const [rows] = await db.query("SELECT id FROM staff WHERE email = 'compliance@demo.bank'");
    const id = (rows as any[])[0].id;
    try {
      const edit = await admin.request(`/admin/api/resources/Staff/records/${id}/edit`, { form: { active: 'false' } });
      expect(edit.status).toBe(200);
      expect(edit.json().record.params.active).toBe(false);
      expect((await victim.request('/admin/api/resources/AuditLog/actions/list')).status).toBe(302);
      const again = await new ConsoleClient().login('compliance@demo.bank', testEnv.demoPassword);
      expect(again.status).toBe(403);
      expect(again.body).toContain('accountDisabled');
    } finally {
      await admin.request(`/admin/api/resources/Staff/records/${id}/edit`, { form: { active: 'true' } });
    }
  });

  test('logout (a POST) ends the session and is audited', async () => {
    const c = await ConsoleClient.loggedIn('manager@demo.bank', testEnv.demoPassword);
    const r = await c.request('/admin/logout', { method: 'POST' });
    expect(r.status).toBe(302);
    expect(r.location).toBe('/admin/login');
    expect((await c.request('/admin/api/resources/Customer/actions/list')).status).toBe(302);
    expect(await lastAudit('manager@demo.bank')).toMatchObject({ action: 'logout' });
  });
});
