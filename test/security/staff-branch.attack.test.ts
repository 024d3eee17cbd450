import type { Connection } from 'mysql2/promise';
import { ConsoleClient } from '../support/console-client.js';
import { api, call, must } from '../support/console-api.js';
import { queries, testDb } from '../support/db.js';
import { demoStaffIds, logIn } from '../support/demo-staff.js';
import { stamp } from '../support/unique.js';
import { auditSince, createAccount, lastAuditId } from '../support/staff-accounts.js';

/**
 * Staff and branches are written through validating services: `new` never
 * overwrites, every field is checked, constraint violations are field errors
 * without SQL, and an administrator cannot lock themselves out by any path.
 */
let db: Connection;
let admin: ConsoleClient;
let ids: Record<string, number>;
const { one, rows } = queries(() => db);
beforeAll(async () => {
  db = await testDb();
  admin = await logIn('admin');
  ids = await demoStaffIds(db);
});
afterAll(async () => {
  await db.end();
});

/** What a response must never carry: SQL, driver error codes, stack frames. */
const leaks = /ER_[A-Z_]+|Duplicate entry|foreign key constraint|SQL|INSERT INTO|UPDATE `?staff|\bat .+\.(ts|js):\d+/i;

const staffRow = (id: number) => one('SELECT id, email, display_name, role, branch_code, active, password_hash FROM staff WHERE id = ?', [id]);

describe('new never overwrites an existing record', () => {
  test('a branch `new` with an existing code (any case) is refused with a field error and the branch is unchanged', async () => {
    const before = await one("SELECT code, name, region FROM branch WHERE code = 'B001'");
    for (const code of ['B001', 'b001', ' B001 ']) {
      const r = await admin.request(`${api}/Branch/actions/new`, { form: { code, name: '탈취지점', region: 'SEOUL' } });
      expect(r.body).not.toMatch(leaks);
      const o = r.json();
      expect(o.record.errors.code).toMatchObject({ message: 'branchCodeTaken' });
      expect(o.notice.type).toBe('error');
    }
    expect(await one("SELECT code, name, region FROM branch WHERE code = 'B001'")).toEqual(before);
  });

  test('a staff `new` naming the id of an existing account creates a separate account and leaves that one unchanged', async () => {
    const target = ids.banker2!;
    const before = await staffRow(target);
    const email = `takeover${stamp()}@demo.bank`;
    const o = must(
      await call(admin, `${api}/Staff/actions/new`, {
        id: String(target),
        email,
        displayName: '탈취',
        role: 'admin',
        password: 'Takeover-pass-1',
        active: 'true',
      }),
      'new with an id',
    );
    expect(Number(o.params.id)).not.toBe(target);
    expect(await staffRow(target)).toEqual(before);
    expect(await one('SELECT role FROM staff WHERE email = ?', [email])).toEqual({ role: 'admin' });
  });

  test('a staff `new` with the e-mail of an existing account (or a look-alike of it) is refused with a field error', async () => {
    const before = await staffRow(ids.banker!);
    for (const email of ['banker@demo.bank', 'BANKER@demo.bank', ' Banker@Demo.Bank ', 'bánker@demo.bank']) {
      const r = await admin.request(`${api}/Staff/actions/new`, { form: { email, displayName: '중복', role: 'banker', password: 'Dup-pass-2026', active: 'true' } });
      expect(r.body).not.toMatch(leaks);
      expect([email, r.json().record.errors.email?.message]).toEqual([email, 'emailTaken']);
    }
    expect(await staffRow(ids.banker!)).toEqual(before);
  });
});

describe('every field is checked', () => {
  test('staff: e-mail form and invisible characters, name length, role, branch, active flag, password policy', async () => {
    const count = async () => Number((await one('SELECT COUNT(*) n FROM staff')).n);
    const n = await count();
    const bad = (overrides: Record<string, string>) =>
      call(admin, `${api}/Staff/actions/new`, { email: `ok${stamp()}@demo.bank`, displayName: '검증', role: 'banker', password: 'Valid-pass-2026', active: 'true', ...overrides });
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ email: 'not-an-email' }, 'email', 'invalidEmail'],
      [{ email: `ad\u200bmin${stamp()}@demo.bank` }, 'email', 'emailInvisibleCharacters'],
      [{ email: `x${stamp()}@demo\u202e.bank` }, 'email', 'emailInvisibleCharacters'],
      [{ email: `a b${stamp()}@demo.bank` }, 'email', 'emailInvisibleCharacters'],
      [{ displayName: 'x'.repeat(101) }, 'displayName', 'displayNameLength'],
      [{ displayName: '' }, 'displayName', 'displayNameRequired'],
      [{ displayName: '이름\u0007' }, 'displayName', 'displayNameInvisible'],
      [{ role: 'root' }, 'role', 'invalidRole'],
      [{ branchCode: 'ZZZ999' }, 'branchCode', 'unknownBranch'],
      [{ active: 'maybe' }, 'active', 'invalidActive'],
      [{ password: 'short1' }, 'password', 'weakPassword'],
      [{ password: 'onlyletterslong' }, 'password', 'weakPassword'],
      [{ password: '' }, 'password', 'passwordRequired'],
    ];
    for (const [overrides, field, message] of cases) {
      const o = await bad(overrides);
      expect([overrides, o.ok, o.errors[field]?.message]).toEqual([overrides, false, message]);
    }
    expect(await count()).toBe(n);
  });

  test('staff edit: a duplicate e-mail is a field error without SQL, and the stored e-mail is the normal form', async () => {
    const victim = await createAccount(admin, 'dupedit');
    const r = await admin.request(`${api}/Staff/records/${victim.id}/edit`, { form: { email: 'compliance@demo.bank' } });
    expect(r.body).not.toMatch(leaks);
    expect(r.json().record.errors.email.message).toBe('emailTaken');
    expect((await staffRow(victim.id)).email).toBe(victim.email);

    const renamed = `Ｎｏｒｍａｌ${stamp()}@Demo.Bank`.normalize('NFD');
    must(await call(admin, `${api}/Staff/records/${victim.id}/edit`, { email: ` ${renamed} ` }), 'rename e-mail');
    expect((await staffRow(victim.id)).email).toBe(renamed.normalize('NFC').trim().toLowerCase());
  });

  test('staff delete of an account other records point at is refused with a message, not SQL', async () => {
    const { id } = await one('SELECT assigned_staff_id id FROM customer WHERE assigned_staff_id IS NOT NULL LIMIT 1');
    const r = await admin.request(`${api}/Staff/records/${id}/delete`, { method: 'POST' });
    expect(r.body).not.toMatch(leaks);
    expect(r.json().notice).toMatchObject({ type: 'error', message: 'staffInUse' });
    expect(await rows('SELECT id FROM staff WHERE id = ?', [id])).toHaveLength(1);
  });

  test('branch: code format, name, region; the code cannot be changed by an edit', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ code: 'b 1', name: '지점', region: 'SEOUL' }, 'code', 'branchCodeFormat'],
      [{ code: `X${stamp()}`, name: '', region: 'SEOUL' }, 'name', 'branchNameRequired'],
      [{ code: `X${stamp()}`, name: '지'.repeat(61), region: 'SEOUL' }, 'name', 'branchNameLength'],
      [{ code: `X${stamp()}`, name: '지점', region: 'MARS' }, 'region', 'invalidRegion'],
    ];
    for (const [form, field, message] of cases) {
      const o = await call(admin, `${api}/Branch/actions/new`, form);
      expect([form, o.ok, o.errors[field]?.message]).toEqual([form, false, message]);
    }
    const code = `T${stamp()}`.slice(0, 20);
    must(await call(admin, `${api}/Branch/actions/new`, { code: code.toLowerCase(), name: ' 시험지점 ', region: 'JEJU' }), 'create branch');
    expect(await one('SELECT code, name, region FROM branch WHERE code = ?', [code])).toEqual({ code, name: '시험지점', region: 'JEJU' });
    const moved = await call(admin, `${api}/Branch/records/${code}/edit`, { code: 'B002', name: '시험지점' });
    expect(moved.errors.code?.message).toBe('branchCodeImmutable');
    must(await call(admin, `${api}/Branch/records/${code}/edit`, { name: '바뀐지점' }), 'rename branch');
    expect(await one('SELECT name, region FROM branch WHERE code = ?', [code])).toEqual({ name: '바뀐지점', region: 'JEJU' });
    // Both writes are in the audit trail with their diffs.
    const trail = await rows("SELECT action, diff FROM audit_log WHERE resource = 'Branch' AND record_id = ? ORDER BY id", [code]);
    expect(trail.map((t) => t.action)).toEqual(['create', 'update']);
    expect(trail[1].diff).toEqual({ name: { from: '시험지점', to: '바뀐지점' } });
  });
});

describe('an administrator cannot lock themselves out, by any path', () => {
  let me: { id: number; email: string };
  let self: ConsoleClient;
  beforeAll(async () => {
    const account = await createAccount(admin, 'selfadmin', 'admin');
    me = account;
    self = await ConsoleClient.loggedIn(account.email, account.password);
  });
  const unchanged = async () => expect(await one('SELECT role, active FROM staff WHERE id = ?', [me.id])).toEqual({ role: 'admin', active: 1 });

  test('edit: no demotion, no deactivation', async () => {
    const demote = await call(self, `${api}/Staff/records/${me.id}/edit`, { role: 'banker' });
    expect(demote.errors.role?.message).toBe('cannotChangeOwnRole');
    const off = await call(self, `${api}/Staff/records/${me.id}/edit`, { active: 'false' });
    expect(off.errors.active?.message).toBe('cannotDeactivateSelf');
    await unchanged();
  });

  test('delete and bulk delete: refused as a whole when the selection includes oneself', async () => {
    const del = await self.request(`${api}/Staff/records/${me.id}/delete`, { method: 'POST' });
    expect(del.json().notice).toMatchObject({ type: 'error', message: 'cannotDeleteSelf' });
    const other = await createAccount(admin, 'bulkother');
    const r = await self.request(`${api}/Staff/bulk/bulkDelete?recordIds=${me.id},${other.id}`, { method: 'POST' });
    expect(r.json().notice).toMatchObject({ type: 'error', message: 'cannotDeleteSelf' });
    expect(await rows('SELECT id FROM staff WHERE id IN (?, ?)', [me.id, other.id])).toHaveLength(2);
    await unchanged();
  });

  test("`new` naming one's own id cannot rewrite one's own account", async () => {
    const o = await call(self, `${api}/Staff/actions/new`, {
      id: String(me.id),
      email: me.email,
      displayName: '강등',
      role: 'banker',
      password: 'Demote-pass-2026',
      active: 'false',
    });
    expect(o.ok).toBe(false);
    expect(o.errors.email?.message).toBe('emailTaken');
    await unchanged();
  });

  test('another administrator may still do it (the protection is against oneself only)', async () => {
    const since = await lastAuditId(db);
    must(await call(admin, `${api}/Staff/records/${me.id}/edit`, { role: 'manager', password: 'Changed-by-other-1' }), 'demote another admin');
    expect(await one('SELECT role FROM staff WHERE id = ?', [me.id])).toEqual({ role: 'manager' });
    // The trail has the change, the password only as "[redacted]", never the hash.
    const [row] = await auditSince(db, since, "resource = 'Staff' AND record_id = ?", [String(me.id)]);
    const diff = typeof row.diff === 'string' ? JSON.parse(row.diff) : row.diff;
    expect(diff).toEqual({ role: { from: 'admin', to: 'manager' }, passwordHash: { from: '[redacted]', to: '[redacted]' } });
    expect(JSON.stringify(diff)).not.toMatch(/scrypt|Changed-by-other/);
  });
});
