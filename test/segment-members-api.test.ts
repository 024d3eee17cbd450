import type { Connection } from 'mysql2/promise';
import { testDb, queries } from './support/db.js';
import { logInRoles } from './support/demo-staff.js';
import { api, call } from './support/console-api.js';
import { stamp } from './support/unique.js';
import type { ConsoleClient } from './support/console-client.js';
import { definitionToGraph } from '../builder/segment/definition-to-graph.js';

/**
 * A segment's member list and the canvas's per-block counts through HTTP,
 * per role: compliance (may unmask) sees names and birth dates and exact
 * numbers; the marketer and the manager (masked) see them masked, no rows
 * below SEGMENT_MIN_AUDIENCE (10) or for definitions testing the birth date;
 * a banker and a product manager (no segments) are refused. Pages, the
 * links' customer ids and the access log are checked against the database.
 */
const roles = ['marketer', 'compliance', 'manager', 'banker', 'product'] as const;
let db: Connection;
let as: Record<(typeof roles)[number], ConsoleClient>;
const { rows, one } = queries(() => db);

const bigTag = `mb${stamp()}`; // 12 customers
const smallTag = `ms${stamp()}`; // 3 customers
const big: Array<{ id: number; no: string; name: string; birthDate: string }> = [];
const small: number[] = [];

const addCustomer = async (tags: string, i: number) => {
  const no = `M${stamp()}`;
  const name = `목록고객${i}호`;
  const birthDate = `19${70 + i}-0${1 + (i % 9)}-1${i % 9}`;
  const [res] = (await db.query("INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, birth_date) VALUES (?, ?, 'ACTIVE', 'BUSAN', 'LOW', ?, ?)", [
    no,
    name,
    tags,
    birthDate,
  ])) as any;
  return { id: Number(res.insertId), no, name, birthDate };
};

const attr = (field: string, op: string, value: unknown) => ({ type: 'attribute', field, op, ...(Array.isArray(value) ? { values: value } : { value }) });
const def = (root: object) => ({ schemaVersion: 1, root });
const json = async (client: ConsoleClient, method: string, path: string, body?: unknown) => {
  const r = await client.request(`/admin/api/segments${path}`, { method, json: method === 'GET' ? undefined : (body ?? {}) });
  return { status: r.status, body: r.status === 302 ? {} : r.json() };
};

async function published(name: string, definition: object): Promise<number> {
  const o = await call(as.marketer, `${api}/Segment/actions/new`, { name, description: 'member list test' });
  expect(o.ok).toBe(true);
  const id = Number(o.params.id);
  // Published by compliance-free path: the marketer's own publish (the count guard lets these through).
  const r = await json(as.marketer, 'POST', `/${id}/publish`, { definition });
  expect(r.status).toBe(200);
  return id;
}

let bigId = 0;
let smallId = 0;
let maskedFieldId = 0;

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  for (let i = 0; i < 12; i++) big.push(await addCustomer(bigTag, i));
  for (let i = 0; i < 3; i++) small.push((await addCustomer(smallTag, 20 + i)).id);
  bigId = await published(`목록 큰 세그먼트 ${stamp()}`, def(attr('tags', 'hasAny', [bigTag])));
  smallId = await published(`목록 작은 세그먼트 ${stamp()}`, def(attr('tags', 'hasAny', [smallTag])));
  maskedFieldId = await published(
    `목록 생년월일 세그먼트 ${stamp()}`,
    def({ type: 'and', children: [attr('tags', 'hasAny', [bigTag]), attr('birthDate', 'before', '2000-01-01')] }),
  );
}, 120_000);
afterAll(async () => db?.end());

test('compliance (may unmask) pages through every member with names and birth dates in clear, each with its customer id', async () => {
  const first = await json(as.compliance, 'GET', `/${bigId}/members?page=1&perPage=5`);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ ok: true, total: 12, page: 1, perPage: 5, pages: 3, unmasked: true });
  expect(first.body.fewerThan).toBeUndefined();
  const seen: any[] = [];
  for (let page = 1; page <= 3; page++) seen.push(...(await json(as.compliance, 'GET', `/${bigId}/members?page=${page}&perPage=5`)).body.rows);
  expect(seen.map((r) => r.id)).toEqual(big.map((c) => c.id).sort((a, b) => a - b));
  const byId = new Map(big.map((c) => [c.id, c]));
  for (const r of seen) {
    const c = byId.get(r.id)!;
    expect(r).toMatchObject({ customerNo: c.no, name: c.name, birthDate: c.birthDate, region: 'BUSAN', status: 'ACTIVE' });
  }
  // A page past the end is the last page, not an error.
  expect((await json(as.compliance, 'GET', `/${bigId}/members?page=99&perPage=5`)).body).toMatchObject({ page: 3, rows: expect.any(Array) });
});

test('the marketer and the manager see the same members with names and birth dates masked, as the customer list shows them', async () => {
  for (const who of [as.marketer, as.manager]) {
    const r = await json(who, 'GET', `/${bigId}/members?perPage=100`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 12, fewerThan: 10, unmasked: false });
    expect(r.body.withheld).toBeUndefined();
    expect(r.body.rows).toHaveLength(12);
    for (const row of r.body.rows) {
      const c = big.find((x) => x.id === row.id)!;
      expect(row.customerNo).toBe(c.no);
      expect(row.name).not.toBe(c.name);
      expect(row.name).toContain('*');
      expect(row.birthDate).not.toBe(c.birthDate);
      expect(JSON.stringify(row)).not.toContain(c.birthDate);
    }
  }
});

test('below the minimum audience a masked role gets neither rows nor the number; compliance gets both', async () => {
  const marketer = await json(as.marketer, 'GET', `/${smallId}/members`);
  expect(marketer.body).toMatchObject({ ok: true, total: null, fewerThan: 10, withheld: 'fewerThan', rows: [] });
  const compliance = await json(as.compliance, 'GET', `/${smallId}/members`);
  expect(compliance.body.total).toBe(3);
  expect(compliance.body.rows.map((r: any) => r.id)).toEqual(small);
});

test('a definition testing a field masked for the role lists nobody to that role (membership would be the birth date), but its count stays', async () => {
  const marketer = await json(as.marketer, 'GET', `/${maskedFieldId}/members`);
  expect(marketer.body).toMatchObject({ total: 12, withheld: 'maskedField', rows: [] });
  const compliance = await json(as.compliance, 'GET', `/${maskedFieldId}/members`);
  expect(compliance.body.rows).toHaveLength(12);
});

test('roles without segments are refused, and every look — shown or withheld — is in the access log with who looked', async () => {
  expect((await json(as.banker, 'GET', `/${bigId}/members`)).status).toBe(403);
  expect((await json(as.product, 'GET', `/${bigId}/members`)).status).toBe(403);
  expect((await json(as.compliance, 'GET', `/999999999/members`)).status).toBe(404);
  const logged = await rows<{ actor_role: string; detail: string; record_id: string }>(
    "SELECT actor_role, detail, record_id FROM audit_log WHERE action = 'segment.members' AND record_id IN (?, ?, ?) ORDER BY id",
    [String(bigId), String(smallId), String(maskedFieldId)],
  );
  expect(logged.some((l) => l.actor_role === 'compliance' && l.record_id === String(bigId) && /5 shown; of 12/.test(l.detail))).toBe(true);
  expect(logged.some((l) => l.actor_role === 'marketer' && l.record_id === String(bigId) && /12 shown/.test(l.detail))).toBe(true);
  expect(logged.some((l) => l.actor_role === 'marketer' && l.record_id === String(smallId) && /withheld \(fewerThan\)/.test(l.detail))).toBe(true);
  expect(logged.some((l) => l.actor_role === 'marketer' && l.record_id === String(maskedFieldId) && /withheld \(maskedField\)/.test(l.detail))).toBe(true);
  expect(logged.some((l) => l.actor_role === 'banker' || l.actor_role === 'product')).toBe(false);
});

test('per-block counts: what each block keeps, exact for compliance, coarsened like the total for the marketer', async () => {
  const definition = def({ type: 'or', children: [attr('tags', 'hasAny', [bigTag]), attr('tags', 'hasAny', [smallTag])] });
  const graph = definitionToGraph(definition as any);
  const leafOf = (tag: string) => graph.nodes.find((n) => JSON.stringify(n.data).includes(tag))!.id;
  const orId = graph.nodes.find((n) => n.type === 'or')!.id;
  const c = await json(as.compliance, 'POST', '/preview/blocks', { graph });
  expect(c.status).toBe(200);
  expect(c.body.counts[orId]).toEqual({ count: 15 });
  expect(c.body.counts[leafOf(bigTag)]).toEqual({ count: 12 });
  expect(c.body.counts[leafOf(smallTag)]).toEqual({ count: 3 });
  const m = await json(as.marketer, 'POST', '/preview/blocks', { graph });
  expect(m.body.counts[orId]).toEqual({ count: 15 });
  expect(m.body.counts[leafOf(bigTag)]).toEqual({ count: 12 });
  expect(m.body.counts[leafOf(smallTag)]).toEqual({ count: null, fewerThan: 10 });
  expect(JSON.stringify(m.body)).not.toContain('"count":3');
  expect((await json(as.banker, 'POST', '/preview/blocks', { graph })).status).toBe(403);
  // Counted blocks are in the access log like the live count.
  const line = await one<{ detail: string }>(
    "SELECT detail FROM audit_log WHERE action = 'segment.preview' AND actor_role = 'marketer' AND detail LIKE 'block counts:%' ORDER BY id DESC LIMIT 1",
  );
  expect(line.detail).toMatch(/^block counts: 2 of 3 shown/);
  // A graph that does not compile is refused with its problems, never a stack trace.
  const bad = await json(as.marketer, 'POST', '/preview/blocks', { graph: { nodes: [], edges: [] } });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].code).toBeDefined();
});
