import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from '../support/console-client.js';
import { ConsoleClient as Client } from '../support/console-client.js';
import { api, call } from '../support/console-api.js';
import { logInRoles } from '../support/demo-staff.js';
import { queries, testDb } from '../support/db.js';
import { stamp } from '../support/unique.js';
import { definitionToGraph } from '../../builder/segment/definition-to-graph.js';

/**
 * The member list and the per-block counts attacked over HTTP with real
 * sessions. A marketer (birth dates masked) tries to read one customer's
 * birth date or a small segment's members through them: paging tricks on a
 * segment below the minimum audience, a segment whose definition tests the
 * birth date, per-block counts of "customer X AND born before D" (by number,
 * or by a tag only X carries), and bisection through block counts. A banker
 * (no segments), anonymous callers and malformed ids and pages are refused
 * without a stack trace. Each case fails if its defence is removed.
 */
const roles = ['marketer', 'compliance', 'banker'] as const;
let db: Connection;
let as: Record<(typeof roles)[number], ConsoleClient>;
const { rows } = queries(() => db);

const realBirthDate = '1983-03-21';
const groupTag = `ag${stamp()}`; // X and 14 others
const onlyXTag = `ax${stamp()}`;
const smallTag = `as${stamp()}`; // 4 customers
let x = { id: 0, no: '' };

const addCustomer = async (birthDate: string, tags: string) => {
  const no = `A${stamp()}`;
  const [res] = (await db.query(
    "INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, birth_date) VALUES (?, '공격대상고객', 'ACTIVE', 'ULSAN', 'LOW', ?, ?)",
    [no, tags, birthDate],
  )) as any;
  return { id: Number(res.insertId), no };
};

const attr = (field: string, op: string, value: unknown) => ({ type: 'attribute', field, op, ...(Array.isArray(value) ? { values: value } : { value }) });
const and = (...children: object[]) => ({ type: 'and', children });
const def = (root: object) => ({ schemaVersion: 1, root });
const json = async (client: ConsoleClient, method: string, path: string, body?: unknown) => {
  const r = await client.request(`/admin/api/segments${path}`, { method, json: method === 'GET' ? undefined : (body ?? {}) });
  let parsed: any = null;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    parsed = null;
  }
  return { status: r.status, body: parsed, raw: r.body };
};

let smallId = 0;
let birthId = 0;

async function publishAs(client: ConsoleClient, name: string, definition: object): Promise<number> {
  const o = await call(client, `${api}/Segment/actions/new`, { name, description: 'attack' });
  const id = Number(o.params.id);
  const r = await json(client, 'POST', `/${id}/publish`, { definition });
  expect(r.status).toBe(200);
  return id;
}

beforeAll(async () => {
  db = await testDb();
  as = await logInRoles(roles);
  x = await addCustomer(realBirthDate, `${groupTag},${onlyXTag}`);
  for (let i = 0; i < 14; i++) await addCustomer(`19${60 + i}-0${1 + (i % 9)}-0${1 + (i % 9)}`, groupTag);
  for (let i = 0; i < 4; i++) await addCustomer('1990-01-01', smallTag);
  smallId = await publishAs(as.marketer, `공격 작은 ${stamp()}`, def(attr('tags', 'hasAny', [smallTag])));
  birthId = await publishAs(as.marketer, `공격 생년 ${stamp()}`, def(and(attr('tags', 'hasAny', [groupTag]), attr('birthDate', 'before', '1970-01-01'))));
}, 120_000);
afterAll(async () => db?.end());

test('a segment below the minimum audience gives a masked role no member, whatever the paging', async () => {
  for (const q of ['', '?page=0', '?page=-1&perPage=-5', '?perPage=100000', '?page=1e9', "?page=1'%20OR%201=1--", '?perPage=1&page=3']) {
    const r = await json(as.marketer, 'GET', `/${smallId}/members${q}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: null, withheld: 'fewerThan', rows: [] });
    expect(r.raw).not.toContain('공격대상고객');
  }
  // Compliance, who may unmask, sees the four.
  expect((await json(as.compliance, 'GET', `/${smallId}/members`)).body.total).toBe(4);
});

test("a segment testing the birth date lists nobody to a masked role: its members would be each one's birth date", async () => {
  for (const q of ['', '?perPage=1', '?page=2&perPage=1']) {
    const r = await json(as.marketer, 'GET', `/${birthId}/members${q}`);
    expect(r.body).toMatchObject({ withheld: 'maskedField', rows: [] });
    expect(r.raw).not.toContain(x.no);
  }
});

test('per-block counts are no oracle on one birth date: identifier or narrow context next to the birth date is refused, small counts coarsened', async () => {
  const probes = [
    // The customer number next to the birth date: rule 1.
    and(attr('customerNo', 'eq', x.no), attr('birthDate', 'before', '1983-06-01')),
    // A tag only X carries: rule 2 (the birth date decides for one customer).
    and(attr('tags', 'hasAny', [onlyXTag]), attr('birthDate', 'before', '1983-06-01')),
  ];
  for (const root of probes) {
    const graph = definitionToGraph(def(root) as any);
    const andId = graph.nodes.find((n) => n.type === 'and')!.id;
    const narrowLeaf = graph.nodes.find((n) => n.type === 'attribute' && !JSON.stringify(n.data).includes('birthDate'))!.id;
    const r = await json(as.marketer, 'POST', '/preview/blocks', { graph });
    expect(r.status).toBe(200);
    expect(r.body.counts[andId]).toEqual({ count: null, refused: true });
    // The narrowing condition alone is one customer: coarsened, never "1".
    expect(r.body.counts[narrowLeaf]).toEqual({ count: null, fewerThan: 10 });
    expect(r.raw).not.toMatch(/"count":[01]\b/);
  }
  // Bisection by block counts learns nothing: the same answer before and after the real date.
  const answers = new Set<string>();
  for (const day of ['1983-01-01', '1983-03-21', '1983-03-22', '1984-01-01']) {
    const graph = definitionToGraph(def(and(attr('tags', 'hasAny', [onlyXTag]), attr('birthDate', 'before', day))) as any);
    const andId = graph.nodes.find((n) => n.type === 'and')!.id;
    answers.add(JSON.stringify((await json(as.marketer, 'POST', '/preview/blocks', { graph })).body.counts[andId]));
  }
  expect(answers.size).toBe(1);
  // Compliance may unmask, so its block counts are exact (contrast: the defence is per role).
  const graph = definitionToGraph(def(and(attr('tags', 'hasAny', [onlyXTag]), attr('birthDate', 'before', '1984-01-01'))) as any);
  const andId = graph.nodes.find((n) => n.type === 'and')!.id;
  expect((await json(as.compliance, 'POST', '/preview/blocks', { graph })).body.counts[andId]).toEqual({ count: 1 });
});

test('roles without segments, anonymous callers and malformed requests are refused without a stack trace', async () => {
  expect((await json(as.banker, 'GET', `/${smallId}/members`)).status).toBe(403);
  expect((await json(as.banker, 'POST', '/preview/blocks', { graph: definitionToGraph(def(attr('tags', 'hasAny', [smallTag])) as any) })).status).toBe(403);
  const anonymous = new Client();
  const a = await anonymous.request(`/admin/api/segments/${smallId}/members`);
  expect([302, 401, 403]).toContain(a.status);
  expect(a.body).not.toContain('공격대상고객');
  for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
    const r = await json(as.compliance, 'GET', `/${id}/members`);
    expect(r.status).toBe(404);
    expect(r.raw).not.toMatch(/at \w+ \(|node_modules|Error:/);
  }
  for (const graph of [null, 'x', { nodes: 'x' }, { nodes: [{ id: 'a', type: 'bogus', position: { x: 0, y: 0 } }], edges: [] }]) {
    const r = await json(as.marketer, 'POST', '/preview/blocks', { graph });
    expect(r.status).toBe(400);
    expect(r.raw).not.toMatch(/at \w+ \(|node_modules/);
  }
  // Refused looks leave no access-log line as if data were shown.
  const banker = await rows("SELECT id FROM audit_log WHERE action = 'segment.members' AND actor_role = 'banker'");
  expect(banker).toHaveLength(0);
});
