import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from '../support/console-client.js';
import { api } from '../support/console-api.js';
import { logInRoles } from '../support/demo-staff.js';
import { queries, testDb } from '../support/db.js';

/**
 * Attacks on the side doors of AdminJS records, with each role's real
 * session over HTTP: populated references, secret fields in every filter,
 * sort and search syntax, paging numbers, hooks that answer before
 * authorisation, and the customer fields a masked role may not sort or
 * look up by. Each case fails if its defence (admin/access/secure-*.ts) is
 * removed.
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];
let db: Connection;
let as: Record<Role, ConsoleClient>;
const { rows, one } = queries(() => db);

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  // A contact-log entry to be listed with its customer and staff references.
  const customer = await one<{ id: number }>("SELECT id FROM customer WHERE status = 'ACTIVE' ORDER BY id LIMIT 1");
  const logged = await as.banker.request(`${api}/CustomerContact/actions/new`, { form: { customerId: String(customer.id), channel: 'PHONE', note: '예금 만기 안내 통화' } });
  expect(logged.json().notice?.type).toBe('success');
});
afterAll(async () => db?.end());

const getJson = async (client: ConsoleClient, path: string) => {
  const r = await client.request(path);
  return { status: r.status, body: r.status === 200 || r.status === 400 ? r.json() : r.body };
};

/** Audit rows of `action` written for `email` after `sinceId`. */
const auditSince = (sinceId: number, email: string, action: string) =>
  rows<{ detail: string }>('SELECT detail FROM audit_log WHERE id > ? AND actor_email = ? AND action = ?', [sinceId, email, action]);
const lastAuditId = async () => Number((await one<{ id: number }>('SELECT COALESCE(MAX(id), 0) id FROM audit_log')).id);

describe('populated references carry only what the role may see', () => {
  // Roles that may not read customers get the customer number only; the others its number and (masked) name.
  const customerFields: Record<Role, string[]> = {
    admin: ['id', 'customerNo', 'name'],
    marketer: ['id', 'customerNo', 'name'],
    compliance: ['id', 'customerNo', 'name'],
    manager: ['id', 'customerNo', 'name'],
    banker: ['id', 'customerNo', 'name'],
    product: ['id', 'customerNo'],
  };
  const seesNames: Role[] = ['compliance', 'banker'];

  test.each(roles)('%s listing holdings reads no customer field beyond its allowance, and the access is logged', async (role) => {
    const since = await lastAuditId();
    const { status, body } = await getJson(as[role], `${api}/Holding/actions/list?perPage=50`);
    expect(status).toBe(200);
    expect(body.records.length).toBeGreaterThan(0);
    for (const r of body.records) {
      const customer = r.populated.customerId;
      expect(customer).toBeDefined();
      expect(Object.keys(customer.params).sort()).toEqual([...customerFields[role]].sort());
      expect(customer.params).not.toHaveProperty('birthDate');
      if (customer.params.name !== undefined) {
        const clear = (await one<{ name: string }>('SELECT name FROM customer WHERE id = ?', [customer.id])).name;
        expect(customer.params.name === clear).toBe(seesNames.includes(role) || clear.length <= 1);
      }
      // The seller and the branch are references too: never the staff record's role, branch or login times.
      const seller = r.populated.soldByStaffId;
      if (seller) expect(Object.keys(seller.params).every((k) => ['id', 'email', 'displayName'].includes(k))).toBe(true);
    }
    const logged = await auditSince(since, `${role}@demo.bank`, 'customer.reference');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.detail).toMatch(/shown as references in Holding\.list/);
  });

  test('a holding page (show) populates its customer the same way', async () => {
    const holding = await one<{ id: number }>('SELECT id FROM holding ORDER BY id LIMIT 1');
    const { body } = await getJson(as.product, `${api}/Holding/records/${holding.id}/show`);
    expect(Object.keys(body.record.populated.customerId.params).sort()).toEqual(['customerNo', 'id']);
  });

  test('a marketer reads a customer list whose assigned banker is a name, not a staff record', async () => {
    // Customers created by other test files have no assigned banker: list those of one who has some.
    const { staff: assigned } = await one<{ staff: number }>('SELECT assigned_staff_id staff FROM customer WHERE assigned_staff_id IS NOT NULL LIMIT 1');
    const { body } = await getJson(as.marketer, `${api}/Customer/actions/list?perPage=100&filters.assignedStaffId=${assigned}`);
    const staff = body.records.map((r: any) => r.populated.assignedStaffId).filter(Boolean);
    expect(staff.length).toBeGreaterThan(0);
    for (const s of staff) expect(Object.keys(s.params).sort()).toEqual(['email', 'id']);
  });

  test('contact log references (manager) carry the masked customer name and no contact data', async () => {
    const { body } = await getJson(as.manager, `${api}/CustomerContact/actions/list?perPage=50`);
    expect(body.records.length).toBeGreaterThan(0);
    for (const r of body.records) {
      expect(Object.keys(r.populated.customerId.params).sort()).toEqual(['customerNo', 'id', 'name']);
      expect(r.populated.customerId.params.name).toContain('*');
      expect(Object.keys(r.populated.staffId.params).sort()).toEqual(['displayName', 'email', 'id']);
    }
  });

  test('a validation error body populates references by the same rules', async () => {
    const holding = await one<{ id: number }>('SELECT id FROM holding WHERE closed_on IS NULL ORDER BY id LIMIT 1');
    const r = await as.banker.request(`${api}/Holding/records/${holding.id}/edit`, { form: { amount: '-1' } });
    const body = r.json();
    expect(body.notice?.type).toBe('error');
    expect(Object.keys(body.record.populated.customerId?.params ?? {}).every((k) => ['id', 'customerNo', 'name'].includes(k))).toBe(true);
  });
});

describe('secret fields are never filtered, sorted or searched', () => {
  const hashPrefix = '$scrypt';
  const attempts: Array<[Role, string]> = [
    ['admin', `${api}/Staff/actions/list?filters.passwordHash=${encodeURIComponent(hashPrefix)}`],
    ['admin', `${api}/Staff/actions/list?filters[passwordHash]=${encodeURIComponent(hashPrefix)}`],
    ['admin', `${api}/Staff/actions/list?filters.passwordHash~~from=a`],
    ['admin', `${api}/Staff/actions/list?filters.PasswordHash=a`],
    ['admin', `${api}/Staff/actions/list?sortBy=passwordHash&direction=asc`],
    ['admin', `${api}/Staff/actions/search/${encodeURIComponent(hashPrefix)}?searchProperty=passwordHash`],
    ['banker', `${api}/Staff/actions/search/${encodeURIComponent(hashPrefix)}?searchProperty=passwordHash`],
    ['banker', `${api}/Staff/actions/search/demo?filters.passwordHash=${encodeURIComponent(hashPrefix)}`],
    ['banker', `${api}/Staff/actions/search/demo?sortBy=passwordHash`],
    ['compliance', `${api}/Customer/actions/list?filters.mobileHash=a`],
    ['compliance', `${api}/Customer/actions/list?sortBy=emailEnc`],
    ['compliance', `${api}/Customer/actions/search/C0?searchProperty=mobileEnc`],
  ];
  test.each(attempts)('%s: %s is refused with 400 naming the parameter', async (role, path) => {
    const r = await as[role].request(path);
    expect(r.status).toBe(400);
    expect(r.json().error).toMatch(/filters|sortBy|searchProperty/);
    expect(r.body).not.toMatch(/scrypt\$|"records"/);
  });

  test('no staff record ever carries a password hash, in list, show or search', async () => {
    const list = await getJson(as.admin, `${api}/Staff/actions/list?perPage=100`);
    const show = await getJson(as.admin, `${api}/Staff/records/${list.body.records[0].id}/show`);
    const search = await getJson(as.banker, `${api}/Staff/actions/search/demo`);
    for (const body of [list.body, show.body, search.body]) expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt/);
  });
});

describe('a role that sees names masked cannot sort by them or look customers up by contact details', () => {
  test.each([
    ['sortBy=name&direction=asc', 'sortBy'],
    ['filters.name=%EA%B9%80', 'filters.name'],
    ['filters.mobile=010-1234-5678', 'filters.mobile'],
    ['filters.email=a%40b.kr', 'filters.email'],
  ])('marketer: %s refused', async (query, parameter) => {
    const r = await as.marketer.request(`${api}/Customer/actions/list?${query}`);
    expect(r.status).toBe(400);
    expect(r.json().error).toContain(parameter);
  });

  test('a banker (who serves customers) may sort by name and look up by mobile', async () => {
    const sorted = await as.banker.request(`${api}/Customer/actions/list?sortBy=name&direction=asc`);
    expect(sorted.status).toBe(200);
    const byMobile = await as.banker.request(`${api}/Customer/actions/list?filters.mobile=010-0000-0000`);
    expect(byMobile.status).toBe(200);
  });
});

describe('bad query parameters get a 400 that says what is wrong', () => {
  test.each([
    ['perPage=-5', 'perPage'],
    ['perPage=0', 'perPage'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['perPage=100000', 'perPage'],
    ['sortBy=nope', 'sortBy'],
    ['direction=sideways', 'direction'],
    ['filters.nope=1', 'filters.nope'],
    ['filters[customerNo][a][b][c]=1', 'filters.customerNo'],
    ['sortBy[]=id', 'sortBy'],
  ])('%s', async (query, parameter) => {
    const r = await as.compliance.request(`${api}/Holding/actions/list?${query}`);
    expect(r.status).toBe(400);
    expect(r.json().error).toContain(parameter);
    expect(r.body).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  test('the defaults and the UI paging still work', async () => {
    const r = await as.compliance.request(`${api}/Holding/actions/list?page=2&perPage=20&sortBy=id&direction=asc&filters.branchCode=B001`);
    expect(r.status).toBe(200);
  });
});

describe('resource hooks run only after authorisation', () => {
  test('a banker editing a staff record gets a permission error without the record, not a validation error with it', async () => {
    const target = await one<{ id: number; email: string }>("SELECT id, email FROM staff WHERE email = 'manager@demo.bank'");
    const r = await as.banker.request(`${api}/Staff/records/${target.id}/edit`, { form: { email: 'not-an-email', role: 'admin' } });
    const body = r.json();
    expect(body.record.errors ?? {}).toEqual({});
    expect(body.notice?.type).toBe('error');
    expect(JSON.stringify(body)).not.toContain(target.email);
    expect((await one<{ role: string }>('SELECT role FROM staff WHERE id = ?', [target.id])).role).toBe('manager');
  });
});
