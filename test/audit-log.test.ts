import type { Connection } from 'mysql2/promise';
import { ConsoleClient } from './support/console-client.js';
import { testDb } from './support/db.js';
import { testEnv } from './support/test-env.js';

let db: Connection;
let admin: ConsoleClient;
beforeAll(async () => {
  db = await testDb();
  admin = await ConsoleClient.loggedIn('admin@demo.bank', testEnv.demoPassword);
});
afterAll(async () => {
  await db.end();
});

const auditFor = async (resource: string, id: string | number) => {
  const [rows] = await db.query('SELECT action, actor_email, actor_role, ip, diff FROM audit_log WHERE resource = ? AND record_id = ? ORDER BY id', [resource, String(id)]);
  return (rows as any[]).map((r) => ({ ...r, diff: typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff }));
};

test('creating, editing and deleting a staff account through the console writes who, when, where and a field diff', async () => {
  const email = `audit${Date.now()}@demo.bank`;
  const created = await admin.request('/admin/api/resources/Staff/actions/new', {
    form: { email: email.toUpperCase(), displayName: '감사대상', role: 'banker', branchCode: 'B003', password: 'Str0ng-pass-1', active: 'true' },
  });
  expect(created.json().record.errors).toEqual({});
  const id = created.json().record.params.id;
  expect(created.json().record.params.email).toBe(email);

  await admin.request(`/admin/api/resources/Staff/records/${id}/edit`, { form: { role: 'manager', branchCode: 'B004' } });
  await admin.request(`/admin/api/resources/Staff/records/${id}/delete`, { method: 'POST' });

  const trail = await auditFor('Staff', id);
  expect(trail.map((t) => t.action)).toEqual(['create', 'update', 'delete']);
  for (const t of trail) expect(t).toMatchObject({ actor_email: 'admin@demo.bank', actor_role: 'admin', ip: expect.stringContaining('127.0.0.1') });
  expect(trail[0].diff).toMatchObject({ email: { from: null, to: email }, role: { from: null, to: 'banker' }, passwordHash: { from: null, to: '[redacted]' } });
  expect(trail[1].diff).toEqual({ role: { from: 'banker', to: 'manager' }, branchCode: { from: 'B003', to: 'B004' } });
  expect(trail[2].diff).toMatchObject({ email: { from: email, to: null } });
  expect(JSON.stringify(trail)).not.toMatch(/scrypt\$|Str0ng-pass-1/);
});

test('a password change is audited without the password or its hash', async () => {
  const [rows] = await db.query("SELECT id FROM staff WHERE email = 'banker@demo.bank'");
  const id = (rows as any[])[0].id;
  const r = await admin.request(`/admin/api/resources/Staff/records/${id}/edit`, { form: { password: testEnv.demoPassword } });
  expect(r.json().record.errors).toEqual({});
  const last = (await auditFor('Staff', id)).pop();
  expect(last).toMatchObject({ action: 'update', diff: { passwordHash: { from: '[redacted]', to: '[redacted]' } } });
});

test('bad staff input is refused field by field and nothing is stored', async () => {
  const [before] = await db.query('SELECT COUNT(*) n FROM staff');
  const r = await admin.request('/admin/api/resources/Staff/actions/new', { form: { email: 'not-an-email', displayName: 'x', role: 'banker', password: 'short' } });
  const errors = r.json().record.errors;
  expect(Object.keys(errors).sort()).toEqual(['email', 'password']);
  expect(errors.password.message).toBe('weakPassword');
  const [after] = await db.query('SELECT COUNT(*) n FROM staff');
  expect((after as any[])[0].n).toBe((before as any[])[0].n);
});

test('an admin cannot demote or delete their own account', async () => {
  const [rows] = await db.query("SELECT id FROM staff WHERE email = 'admin@demo.bank'");
  const id = (rows as any[])[0].id;
  const demote = await admin.request(`/admin/api/resources/Staff/records/${id}/edit`, { form: { role: 'banker' } });
  expect(demote.json().record.errors.role.message).toBe('cannotChangeOwnRole');
  await admin.request(`/admin/api/resources/Staff/records/${id}/delete`, { method: 'POST' });
  const [still] = await db.query('SELECT role FROM staff WHERE id = ?', [id]);
  expect((still as any[])[0].role).toBe('admin');
});

test('compliance reads the audit log through the console; a marketer cannot', async () => {
  const compliance = await ConsoleClient.loggedIn('compliance@demo.bank', testEnv.demoPassword);
  const r = await compliance.request('/admin/api/resources/AuditLog/actions/list?filters.action=login.success');
  expect(r.json().records.length).toBeGreaterThan(0);
  expect(r.json().records.every((x: any) => x.params.action === 'login.success')).toBe(true);
  const marketer = await ConsoleClient.loggedIn('marketer@demo.bank', testEnv.demoPassword);
  expect((await marketer.request('/admin/api/resources/AuditLog/actions/list')).body).toContain('"ForbiddenError"');
});

test('filtering staff by the password hash is refused, so the hash cannot be probed', async () => {
  for (const probe of ['scrypt%2432768', 'no-such-hash']) {
    const r = await admin.request(`/admin/api/resources/Staff/actions/list?perPage=100&filters.passwordHash=${probe}`);
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ error: expect.stringContaining('filters.passwordHash'), ref: expect.any(String) });
  }
});

test('bulk delete refuses a selection that includes the acting admin', async () => {
  const [rows] = await db.query("SELECT id FROM staff WHERE email = 'admin@demo.bank'");
  const me = (rows as any[])[0].id;
  const [ins] = await db.query("INSERT INTO staff (email, display_name, role, password_hash) VALUES (?, '임시', 'banker', 'x')", [`bulk${Date.now()}@demo.bank`]);
  const other = (ins as any).insertId;
  await admin.request(`/admin/api/resources/Staff/bulk/bulkDelete?recordIds=${me},${other}`, { method: 'POST' });
  const [left] = await db.query('SELECT COUNT(*) n FROM staff WHERE id IN (?, ?)', [me, other]);
  expect(Number((left as any[])[0].n)).toBe(2);
});
