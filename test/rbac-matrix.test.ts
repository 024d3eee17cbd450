import type { Connection } from 'mysql2/promise';
import { ConsoleClient, type Reply } from './support/console-client.js';
import { testDb } from './support/db.js';
import { testEnv } from './support/test-env.js';

/**
 * The RBAC matrix, written out by hand (not derived from abilities.ts, so a
 * change to the grants must be a deliberate change here too). Every cell is
 * checked through HTTP against the running console, and every write cell
 * also checks the database: a refused write changes nothing.
 */
type Act = 'list' | 'show' | 'search' | 'new' | 'edit' | 'delete' | 'bulkDelete';
type Res = 'Staff' | 'AuditLog' | 'Customer' | 'BehaviourEvent' | 'Product' | 'ProductVersion' | 'Disclosure' | 'Holding' | 'CustomerContact' | 'Segment';
const R: Act[] = ['list', 'show', 'search'];
const none = { Product: [], ProductVersion: [], Disclosure: [], Holding: [], CustomerContact: [], Segment: [] };
const readCatalogue = { Product: R, ProductVersion: R, Disclosure: R };
const matrix: Record<string, Record<Res, Act[]>> = {
  admin: { ...none, Staff: [...R, 'new', 'edit', 'delete', 'bulkDelete'], AuditLog: R, Customer: R, BehaviourEvent: R, ...readCatalogue, Holding: R, Segment: R },
  // Segments are the marketer's; a draft that was never published may be deleted (bulk delete is off).
  marketer: { ...none, Staff: [], AuditLog: [], Customer: R, BehaviourEvent: R, ...readCatalogue, Holding: R, Segment: [...R, 'new', 'edit', 'delete'] },
  compliance: { ...none, Staff: R, AuditLog: R, Customer: R, BehaviourEvent: R, ...readCatalogue, Holding: R, CustomerContact: R, Segment: R },
  manager: { ...none, Staff: R, AuditLog: [], Customer: R, BehaviourEvent: R, ...readCatalogue, Holding: R, CustomerContact: R, Segment: R },
  // The banker may search staff (the assigned-banker picker), names only; see the test below.
  banker: {
    ...none,
    Staff: ['search'],
    AuditLog: [],
    Customer: [...R, 'new', 'edit'],
    BehaviourEvent: R,
    ...readCatalogue,
    Holding: [...R, 'new', 'edit'],
    CustomerContact: [...R, 'new'],
  },
  // The maker of the catalogue: no customer data at all. Bulk delete is off for
  // catalogue resources (soft delete and draft-only rules are checked one record at a time).
  product: {
    ...none,
    Staff: [],
    AuditLog: [],
    Customer: [],
    BehaviourEvent: [],
    Product: [...R, 'new', 'edit', 'delete'],
    ProductVersion: [...R, 'new', 'edit', 'delete'],
    Disclosure: [...R, 'new', 'edit'],
    Holding: R,
  },
};
const acts: Act[] = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'];
const table = Object.keys(matrix).flatMap((role) =>
  (Object.keys(matrix[role]!) as Res[]).flatMap((res) => acts.map((act) => [role, res, act, matrix[role]![res].includes(act)] as const)),
);

let db: Connection;
const clients = new Map<string, ConsoleClient>();
let seq = 0;
/** A search term that matches seeded rows by each resource's title property. */
const searchTerm: Record<Res, string> = {
  Staff: 'demo',
  AuditLog: 'login',
  Customer: 'C0',
  BehaviourEvent: 'rbac',
  Product: 'Sh',
  ProductVersion: 'Sh',
  Disclosure: 'Sh',
  Holding: 'S0',
  CustomerContact: 'rbac',
  Segment: 'rbac',
};
const tables: Record<Res, string> = {
  Staff: 'staff',
  AuditLog: 'audit_log',
  Customer: 'customer',
  BehaviourEvent: 'behaviour_event',
  Product: 'product',
  ProductVersion: 'product_version',
  Disclosure: 'disclosure',
  Holding: 'holding',
  CustomerContact: 'customer_contact',
  Segment: 'segment',
};
/** Rows that count as present: a deleted product stays in its table (soft delete). */
const live: Partial<Record<Res, string>> = { Product: 'deleted_at IS NULL' };
const ref = { productStaff: 0, bankerStaff: 0, customer: 0, seededProduct: 0, publishedVersion: 0 };
const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  db = await testDb();
  const one = async (sql: string) => Number(((await db.query(sql))[0] as any[])[0].id);
  ref.productStaff = await one("SELECT id FROM staff WHERE email = 'product@demo.bank'");
  ref.bankerStaff = await one("SELECT id FROM staff WHERE email = 'banker@demo.bank'");
  ref.customer = await one("SELECT id FROM customer WHERE status = 'ACTIVE' ORDER BY id LIMIT 1");
  ref.seededProduct = await one("SELECT id FROM product WHERE code = 'DP-001'");
  ref.publishedVersion = await one("SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.code = 'DP-002' AND v.status = 'PUBLISHED'");
  await freshRecord('BehaviourEvent');
  await freshRecord('CustomerContact');
  for (const role of Object.keys(matrix)) clients.set(role, await ConsoleClient.loggedIn(`${role}@demo.bank`, testEnv.demoPassword));
  await freshRecord('Segment');
});
afterAll(async () => {
  await db.end();
});

const forbidden = (r: Reply) => r.status === 200 && r.body.includes('"ForbiddenError"');
const count = async (res: Res) => Number(((await db.query(`SELECT COUNT(*) n FROM ${tables[res]} WHERE ${live[res] ?? '1'}`))[0] as any[])[0].n);
const unique = () => `${String(Date.now() % 1e6).padStart(6, '0')}${++seq}`;

/** A fresh row to act on, made directly in the database. */
async function freshRecord(res: Res): Promise<number> {
  const n = unique();
  const insert = async (sql: string, args: unknown[]) => Number(((await db.query(sql, args))[0] as any).insertId);
  switch (res) {
    case 'Staff':
      return insert("INSERT INTO staff (email, display_name, role, password_hash) VALUES (?, '임시', 'banker', 'x')", [`tmp${n}@demo.bank`]);
    case 'Customer':
      return insert("INSERT INTO customer (customer_no, name, status) VALUES (?, '임시고객', 'ACTIVE')", [`R${n}`]);
    case 'BehaviourEvent':
      return insert(
        "INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) SELECT ?, id, customer_no, 'rbac.test', NOW(3), '{}', NOW(3), 'test' FROM customer ORDER BY id LIMIT 1",
        [`rbac-${n}`],
      );
    case 'AuditLog':
      return insert("INSERT INTO audit_log (occurred_at, action, actor_email) VALUES (NOW(3), 'rbac.test', 'test')", []);
    case 'Product':
      return insert("INSERT INTO product (code, name, type, category, risk_grade) VALUES (?, 'RBAC 상품', 'DEPOSIT', '정기예금', 6)", [`R${n}`]);
    case 'ProductVersion': {
      const product = await freshRecord('Product');
      return insert("INSERT INTO product_version (product_id, version_no, label, status, valid_from, author_id, last_edited_by) VALUES (?, 1, 'RBAC 상품 v1', 'DRAFT', ?, ?, ?)", [
        product,
        today,
        ref.productStaff,
        ref.productStaff,
      ]);
    }
    case 'Disclosure': {
      const version = await freshRecord('ProductVersion');
      return insert(
        "INSERT INTO disclosure (product_version_id, revision, title, body, status, author_id, last_edited_by) VALUES (?, 1, 'Sh RBAC 문안', 'RBAC 본문입니다. 충분히 깁니다.', 'DRAFT', ?, ?)",
        [version, ref.productStaff, ref.productStaff],
      );
    }
    case 'Holding':
      return insert(
        "INSERT INTO holding (contract_no, customer_id, product_id, product_version_id, sold_by_staff_id, branch_code, amount, opened_on) SELECT ?, ?, product_id, id, ?, 'B001', 1000000, ? FROM product_version WHERE id = ?",
        [`R${n}`, ref.customer, ref.bankerStaff, today, ref.publishedVersion],
      );
    case 'CustomerContact':
      return insert("INSERT INTO customer_contact (customer_id, staff_id, channel, contacted_at, note) VALUES (?, ?, 'PHONE', NOW(3), 'rbac 연락')", [
        ref.customer,
        ref.bankerStaff,
      ]);
    case 'Segment':
      return insert("INSERT INTO segment (name, status) VALUES (?, 'DRAFT')", [`rbac segment ${n}`]);
  }
}

async function newPayload(res: Res): Promise<Record<string, string>> {
  const n = unique();
  switch (res) {
    case 'Staff':
      return { email: `new${n}@demo.bank`, displayName: '신규', role: 'banker', password: 'Abcdefgh12', active: 'true' };
    case 'Customer':
      return { customerNo: `N${n}`, name: '신규고객', status: 'ACTIVE', branchCode: 'B001' };
    case 'BehaviourEvent':
      return {
        eventId: `e${n}`,
        customerId: '1',
        customerNo: 'C0000001',
        type: 'x',
        occurredAt: new Date().toISOString(),
        properties: '{}',
        receivedAt: new Date().toISOString(),
        source: 'x',
      };
    case 'AuditLog':
      return { occurredAt: new Date().toISOString(), action: 'forged', actorEmail: 'forger' };
    case 'Product':
      return { code: `N${n}`, name: '신규 상품', type: 'DEPOSIT', category: '정기예금', riskGrade: '6' };
    case 'ProductVersion':
      return { productId: String(ref.seededProduct), validFrom: today };
    case 'Disclosure':
      return { productVersionId: String(await freshRecord('ProductVersion')), title: 'RBAC 문안', body: 'RBAC 본문입니다. 충분히 깁니다.' };
    case 'Holding':
      return { customerId: String(ref.customer), productVersionId: String(ref.publishedVersion), amount: '1000000', openedOn: today };
    case 'CustomerContact':
      return { customerId: String(ref.customer), channel: 'PHONE', note: 'rbac 신규 연락' };
    case 'Segment':
      return { name: `rbac new segment ${n}`, description: 'rbac' };
  }
}

const editPayload: Record<Res, [string, string, string]> = {
  Staff: ['displayName', 'display_name', '바뀐이름'],
  Customer: ['segmentLabel', 'segment_label', '바뀐세그먼트'],
  BehaviourEvent: ['type', 'type', 'forged.type'],
  AuditLog: ['action', 'action', 'forged'],
  Product: ['name', 'name', '바뀐 상품명'],
  ProductVersion: ['conditions', 'conditions', '바뀐 조건'],
  Disclosure: ['title', 'title', '바뀐 제목'],
  Holding: ['amount', 'amount', '7777000'],
  CustomerContact: ['note', 'note', '바뀐 메모'],
  Segment: ['description', 'description', '바뀐 설명'],
};

describe.each(table)('%s on %s: %s', (role, res, act, allowed) => {
  test(allowed ? 'is allowed' : 'is refused', async () => {
    const c = clients.get(role)!;
    const base = `/admin/api/resources/${res}`;
    switch (act) {
      case 'list':
      case 'search': {
        const r = await c.request(act === 'list' ? `${base}/actions/list` : `${base}/search/${searchTerm[res]}`);
        expect(forbidden(r)).toBe(!allowed);
        if (allowed) expect(r.json().records.length).toBeGreaterThan(0);
        break;
      }
      case 'show': {
        const id = await freshRecord(res);
        const r = await c.request(`${base}/records/${id}/show`);
        expect(forbidden(r)).toBe(!allowed);
        if (allowed) expect(String(r.json().record.params.id)).toBe(String(id));
        else expect(r.json().record.params).toEqual({});
        break;
      }
      case 'new': {
        const before = await count(res);
        const r = await c.request(`${base}/actions/new`, { form: await newPayload(res) });
        expect(forbidden(r)).toBe(!allowed);
        expect(await count(res)).toBe(before + (allowed ? 1 : 0));
        break;
      }
      case 'edit': {
        const id = await freshRecord(res);
        const [prop, column, value] = editPayload[res];
        const r = await c.request(`${base}/records/${id}/edit`, { form: { [prop]: value } });
        expect(forbidden(r)).toBe(!allowed);
        const [rows] = await db.query(`SELECT ${column} v FROM ${tables[res]} WHERE id = ?`, [id]);
        expect(String((rows as any[])[0].v) === value).toBe(allowed);
        break;
      }
      case 'delete':
      case 'bulkDelete': {
        const ids = act === 'delete' ? [await freshRecord(res)] : [await freshRecord(res), await freshRecord(res)];
        const path = act === 'delete' ? `${base}/records/${ids[0]}/delete` : `${base}/bulk/bulkDelete?recordIds=${ids.join(',')}`;
        const r = await c.request(path, { method: 'POST' });
        expect(forbidden(r)).toBe(!allowed);
        const [rows] = await db.query(`SELECT COUNT(*) n FROM ${tables[res]} WHERE id IN (?) AND ${live[res] ?? '1'}`, [ids]);
        expect(Number((rows as any[])[0].n)).toBe(allowed ? 0 : ids.length);
        break;
      }
    }
  });
});

test('a request without a session is sent to the login page, for pages and API alike', async () => {
  const anon = new ConsoleClient();
  for (const path of ['/admin', '/admin/resources/Staff', '/admin/api/resources/Staff/actions/list', '/admin/api/dashboard']) {
    const r = await anon.request(path);
    expect([r.status, r.location]).toEqual([302, '/admin/login']);
  }
});

test('the password hash never leaves the server, even to an admin', async () => {
  const r = await clients.get('admin')!.request('/admin/api/resources/Staff/actions/list?perPage=50');
  expect(r.body).not.toMatch(/scrypt\$/);
  expect(r.body).not.toContain('passwordHash":"');
});

test('the dashboard API returns only the figures each role may read', async () => {
  const expectedStats: Record<string, string[]> = {
    admin: ['activeCustomers', 'eventsLast24h', 'activeStaff', 'failedLoginsLast24h'],
    marketer: ['activeCustomers', 'eventsLast24h'],
    compliance: ['activeCustomers', 'eventsLast24h', 'activeStaff', 'failedLoginsLast24h'],
    manager: ['activeCustomers', 'eventsLast24h', 'activeStaff'],
    banker: ['activeCustomers', 'eventsLast24h'],
    product: [],
  };
  const [rows] = await db.query("SELECT COUNT(*) n FROM customer WHERE status = 'ACTIVE'");
  for (const [role, keys] of Object.entries(expectedStats)) {
    const stats: Array<{ key: string; value: number }> = (await clients.get(role)!.request('/admin/api/dashboard')).json().stats;
    expect([role, stats.map((s) => s.key)]).toEqual([role, keys]);
    if (keys.includes('activeCustomers')) expect(stats.find((s) => s.key === 'activeCustomers')!.value).toBe(Number((rows as any[])[0].n));
  }
});

test("the banker's staff picker answers with names only, nothing else about the accounts", async () => {
  const r = await clients.get('banker')!.request('/admin/api/resources/Staff/search/demo');
  const records: Array<{ params: Record<string, unknown> }> = r.json().records;
  expect(records.length).toBeGreaterThan(0);
  for (const rec of records) expect(Object.keys(rec.params).sort()).toEqual(['displayName', 'email', 'id']);
});

test('published segment versions are read by those who read segments and written by nobody', async () => {
  const [seg] = await db.query("INSERT INTO segment (name, status) VALUES (?, 'DRAFT')", [`rbac versions ${unique()}`]);
  const segmentId = (seg as any).insertId;
  const [ver] = await db.query('INSERT INTO segment_version (segment_id, version, definition, published_at) VALUES (?, 1, \'{"schemaVersion":1}\', NOW(3))', [segmentId]);
  const id = (ver as any).insertId;
  const readers = ['admin', 'marketer', 'compliance', 'manager'];
  for (const role of Object.keys(matrix)) {
    const c = clients.get(role)!;
    const show = await c.request(`/admin/api/resources/SegmentVersion/records/${id}/show`);
    expect([role, forbidden(show)]).toEqual([role, !readers.includes(role)]);
    for (const action of ['edit', 'delete']) {
      const r = await c.request(`/admin/api/resources/SegmentVersion/records/${id}/${action}`, { form: { version: '9' } });
      expect([role, action, forbidden(r)]).toEqual([role, action, true]);
    }
    const created = await c.request('/admin/api/resources/SegmentVersion/actions/new', { form: { segmentId: String(segmentId), version: '2' } });
    expect([role, forbidden(created)]).toEqual([role, true]);
  }
  const [rows] = await db.query('SELECT version FROM segment_version WHERE segment_id = ?', [segmentId]);
  expect((rows as any[]).map((r) => r.version)).toEqual([1]);
});
