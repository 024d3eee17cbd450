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
type Res = 'Staff' | 'AuditLog' | 'Customer' | 'BehaviourEvent';
const R: Act[] = ['list', 'show', 'search'];
const matrix: Record<string, Record<Res, Act[]>> = {
  admin: { Staff: [...R, 'new', 'edit', 'delete', 'bulkDelete'], AuditLog: R, Customer: R, BehaviourEvent: R },
  marketer: { Staff: [], AuditLog: [], Customer: R, BehaviourEvent: R },
  compliance: { Staff: R, AuditLog: R, Customer: R, BehaviourEvent: R },
  manager: { Staff: R, AuditLog: [], Customer: R, BehaviourEvent: R },
  banker: { Staff: [], AuditLog: [], Customer: [...R, 'new', 'edit'], BehaviourEvent: R },
};
const acts: Act[] = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'];
const table = Object.keys(matrix).flatMap((role) =>
  (Object.keys(matrix[role]!) as Res[]).flatMap((res) => acts.map((act) => [role, res, act, matrix[role]![res].includes(act)] as const)),
);

let db: Connection;
const clients = new Map<string, ConsoleClient>();
let seq = 0;
/** A search term that matches seeded rows by each resource's title property. */
const searchTerm: Record<Res, string> = { Staff: 'demo', AuditLog: 'login', Customer: 'C0', BehaviourEvent: 'rbac' };
const tables: Record<Res, string> = { Staff: 'staff', AuditLog: 'audit_log', Customer: 'customer', BehaviourEvent: 'behaviour_event' };

beforeAll(async () => {
  db = await testDb();
  await freshRecord('BehaviourEvent');
  for (const role of Object.keys(matrix)) clients.set(role, await ConsoleClient.loggedIn(`${role}@demo.bank`, testEnv.demoPassword));
});
afterAll(async () => { await db.end(); });

const forbidden = (r: Reply) => r.status === 200 && r.body.includes('"ForbiddenError"');
const count = async (res: Res) => Number(((await db.query(`SELECT COUNT(*) n FROM ${tables[res]}`))[0] as any[])[0].n);

/** A fresh row to act on, made directly in the database. */
async function freshRecord(res: Res): Promise<number> {
  const n = `${Date.now() % 1e6}${++seq}`;
  const insert = async (sql: string, args: unknown[]) => Number(((await db.query(sql, args))[0] as any).insertId);
  switch (res) {
    case 'Staff':
      return insert("INSERT INTO staff (email, display_name, role, password_hash) VALUES (?, '임시', 'banker', 'x')", [`tmp${n}@demo.bank`]);
    case 'Customer':
      return insert("INSERT INTO customer (customer_no, status) VALUES (?, 'ACTIVE')", [`R${n}`]);
    case 'BehaviourEvent':
      return insert("INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) SELECT ?, id, customer_no, 'rbac.test', NOW(3), '{}', NOW(3), 'test' FROM customer ORDER BY id LIMIT 1", [`rbac-${n}`]);
    case 'AuditLog':
      return insert("INSERT INTO audit_log (occurred_at, action, actor_email) VALUES (NOW(3), 'rbac.test', 'test')", []);
  }
}

function newPayload(res: Res): Record<string, string> {
  const n = `${Date.now() % 1e6}${++seq}`;
  switch (res) {
    case 'Staff': return { email: `new${n}@demo.bank`, displayName: '신규', role: 'banker', password: 'Abcdefgh12', active: 'true' };
    case 'Customer': return { customerNo: `N${n}`, status: 'ACTIVE', branchCode: 'B001' };
    case 'BehaviourEvent': return { eventId: `e${n}`, customerId: '1', customerNo: 'C0000001', type: 'x', occurredAt: new Date().toISOString(), properties: '{}', receivedAt: new Date().toISOString(), source: 'x' };
    case 'AuditLog': return { occurredAt: new Date().toISOString(), action: 'forged', actorEmail: 'forger' };
  }
}

const editPayload: Record<Res, [string, string, string]> = {
  Staff: ['displayName', 'display_name', '바뀐이름'],
  Customer: ['branchCode', 'branch_code', 'B099'],
  BehaviourEvent: ['type', 'type', 'forged.type'],
  AuditLog: ['action', 'action', 'forged'],
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
        const r = await c.request(`${base}/actions/new`, { form: newPayload(res) });
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
        expect((rows as any[])[0].v === value).toBe(allowed);
        break;
      }
      case 'delete':
      case 'bulkDelete': {
        const ids = act === 'delete' ? [await freshRecord(res)] : [await freshRecord(res), await freshRecord(res)];
        const path = act === 'delete' ? `${base}/records/${ids[0]}/delete` : `${base}/bulk/bulkDelete?recordIds=${ids.join(',')}`;
        const r = await c.request(path, { method: 'POST' });
        expect(forbidden(r)).toBe(!allowed);
        const [rows] = await db.query(`SELECT COUNT(*) n FROM ${tables[res]} WHERE id IN (?)`, [ids]);
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
  };
  const [rows] = await db.query("SELECT COUNT(*) n FROM customer WHERE status = 'ACTIVE'");
  for (const [role, keys] of Object.entries(expectedStats)) {
    const stats: Array<{ key: string; value: number }> = (await clients.get(role)!.request('/admin/api/dashboard')).json().stats;
    expect([role, stats.map((s) => s.key)]).toEqual([role, keys]);
    expect(stats.find((s) => s.key === 'activeCustomers')!.value).toBe(Number((rows as any[])[0].n));
  }
});
