import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from '../support/console-client.js';
import { api, call, kst } from '../support/console-api.js';
import { logInRoles } from '../support/demo-staff.js';
import { queries, testDb } from '../support/db.js';

/**
 * Attacks on selling from the 360 page and its neighbours, with each role's
 * real session over HTTP: the Customer `sell` action (GET options, POST a
 * sale) for roles that may not open holdings, a forged customer in the
 * payload, a withdrawn customer, a missing record; the withdrawal's second
 * confirmation; the customer list's segment filter for roles that may not
 * read segments (no membership oracle).
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];
let db: Connection;
let as: Record<Role, ConsoleClient>;
const { rows, one } = queries(() => db);
let active: { id: number; customer_no: string };
let other: { id: number };
let withdrawn: { id: number };
let deposit: number;

const holdings = async () => Number((await one<{ n: number }>('SELECT COUNT(*) n FROM holding')).n);
const noStack = (body: string) => expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  active = await one("SELECT id, customer_no FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' ORDER BY id LIMIT 1 OFFSET 40");
  other = await one("SELECT id FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' ORDER BY id LIMIT 1 OFFSET 41");
  withdrawn = await one("SELECT id FROM customer WHERE customer_no LIKE 'C%' AND status = 'WITHDRAWN' ORDER BY id LIMIT 1");
  deposit = Number(
    (
      await one<{ id: number }>(
        "SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'DEPOSIT' AND v.status = 'PUBLISHED' AND v.min_age IS NULL AND v.max_age IS NULL ORDER BY p.code LIMIT 1",
      )
    ).id,
  );
});
afterAll(async () => db?.end());

const saleForm = () => ({ productVersionId: String(deposit), amount: '1000000', openedOn: kst(0) });

describe.each(roles.filter((r) => r !== 'banker'))('%s', (role) => {
  test('may neither read the sale options nor post a sale (GET and POST forbidden, nothing written, nothing audited as a sale form view)', async () => {
    const since = Number((await one<{ id: number }>('SELECT COALESCE(MAX(id), 0) id FROM audit_log')).id);
    const get = await as[role].request(`${api}/Customer/records/${active.id}/sell`);
    expect(get.body).toMatch(/ForbiddenError/);
    expect(get.body).not.toContain('saleOptions');
    noStack(get.body);
    const before = await holdings();
    const post = await call(as[role], `${api}/Customer/records/${active.id}/sell`, saleForm());
    expect([post.forbidden, post.ok]).toEqual([true, false]);
    expect(await holdings()).toBe(before);
    expect(await rows("SELECT id FROM audit_log WHERE id > ? AND action = 'customer.view' AND detail LIKE 'sale form%'", [since])).toEqual([]);
  });
});

describe('banker', () => {
  test('a forged customerId in the payload is ignored: the sale is for the record in the URL', async () => {
    const o = await call(as.banker, `${api}/Customer/records/${active.id}/sell`, { ...saleForm(), customerId: String(other.id) });
    expect(o.ok).toBe(true);
    expect(Number((await one<{ customer_id: number }>('SELECT customer_id FROM holding WHERE id = ?', [o.raw.holdingId])).customer_id)).toBe(active.id);
  });

  test('a withdrawn customer: the action is not offered, and a posted sale is refused with a reason, not a stack', async () => {
    const before = await holdings();
    const r = await as.banker.request(`${api}/Customer/records/${withdrawn.id}/sell`, { form: saleForm() });
    noStack(r.body);
    const j = r.json();
    expect(j.notice?.type).not.toBe('success');
    expect(await holdings()).toBe(before);
  });

  test('a record that does not exist: no options, no sale, no stack', async () => {
    const before = await holdings();
    const r = await as.banker.request(`${api}/Customer/records/999999999/sell`, { form: saleForm() });
    noStack(r.body);
    expect(r.body).not.toContain('"success"');
    expect(await holdings()).toBe(before);
  });

  test('an amount, a date and a version of the wrong shape are refused field by field, never a stack', async () => {
    const before = await holdings();
    for (const form of [
      { productVersionId: '1 OR 1=1', amount: '1e9', openedOn: '2026-02-30' },
      { productVersionId: String(deposit), amount: '99999999999999999999', openedOn: kst(0) },
      { productVersionId: '-1', amount: '<script>', openedOn: 'yesterday' },
    ]) {
      const o = await call(as.banker, `${api}/Customer/records/${active.id}/sell`, form);
      expect(o.ok).toBe(false);
      expect(Object.keys(o.errors).length).toBeGreaterThan(0);
      noStack(JSON.stringify(o.raw));
    }
    expect(await holdings()).toBe(before);
  });

  test('a withdrawal without the customer number typed again is refused, whatever else is right', async () => {
    const target = await one<{ id: number; customer_no: string }>(
      "SELECT id, customer_no FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' ORDER BY id LIMIT 1 OFFSET 45",
    );
    for (const confirmWithdrawal of ['', 'C0000000', `${target.customer_no}x`]) {
      const o = await call(as.banker, `${api}/Customer/records/${target.id}/changeStatus`, { status: 'WITHDRAWN', comment: '본인 요청 해지', confirmWithdrawal });
      expect([o.ok, Object.keys(o.errors)]).toEqual([false, ['confirmWithdrawal']]);
    }
    expect((await one<{ status: string }>('SELECT status FROM customer WHERE id = ?', [target.id])).status).toBe('ACTIVE');
  });
});

describe('the segment filter of the customer list', () => {
  test('a role that may read segments gets exactly the members; one that may not gets nothing (no membership oracle)', async () => {
    const seg = await one<{ segment_id: number; n: number }>('SELECT segment_id, COUNT(*) n FROM segment_membership GROUP BY segment_id ORDER BY n LIMIT 1');
    const members = (
      await rows<{ customer_id: number }>('SELECT customer_id FROM segment_membership WHERE segment_id = ? ORDER BY customer_id DESC LIMIT 20', [seg.segment_id])
    ).map((m) => Number(m.customer_id));
    const list = async (role: Role) => (await as[role].request(`${api}/Customer/actions/list?filters.segmentId=${seg.segment_id}&perPage=20`)).json();
    const marketer = await list('marketer');
    expect(marketer.meta.total).toBe(Math.min(Number(seg.n), 10_001));
    expect(marketer.records.map((r: { id: number }) => Number(r.id))).toEqual(members);
    const banker = await list('banker');
    expect([banker.meta.total, banker.records]).toEqual([0, []]);
  });
});
