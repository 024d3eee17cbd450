import type { Connection } from 'mysql2/promise';
import { testDb, queries } from '../support/db.js';
import { stamp } from '../support/unique.js';
import { baseUrl } from '../support/test-env.js';
import { HttpClient, type JsonReply } from '../support/journey-console.js';

/**
 * Attacks on the message template API with each role's real session: every
 * route for the roles without the grant (banker, product), the review verbs
 * for the maker (marketer), writes for the checker and the readers
 * (compliance, manager, admin), no session at all, hostile bodies, and what
 * every refusal lets out (no stack, no SQL).
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];
let db: Connection;
const { one } = queries(() => db);
let as: Record<Role, HttpClient>;
const tag = `xt${stamp()}`;
const answers: JsonReply[] = [];

const api = async (c: HttpClient, method: string, path: string, json?: unknown) => {
  const r = await c.request(`/admin/api/templates${path}`, { method, json: method === 'GET' ? undefined : (json ?? {}) });
  answers.push(r);
  return r;
};
const definition = { version: 1, channel: 'sms', kind: 'informational', usesRecommendations: false, text: '{{ customer.name }} 고객님, 안내드립니다.' };
const review = { reviewNumber: `심의 ${tag}`, validFrom: '2026-01-01', validUntil: '2099-12-31' };

let pending: number;
let approved: number;
let customerId: number;

beforeAll(async () => {
  db = await testDb();
  as = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await HttpClient.loggedIn(baseUrl(), r)] as const))) as Record<Role, HttpClient>;
  pending = (await api(as.marketer, 'POST', '/', { name: `대기 ${tag}`, definition })).body.id;
  await api(as.marketer, 'POST', `/${pending}/submit`);
  approved = (await api(as.marketer, 'POST', '/', { name: `승인 ${tag}`, definition })).body.id;
  await api(as.marketer, 'POST', `/${approved}/submit`);
  expect((await api(as.compliance, 'POST', `/${approved}/approve`, review)).status).toBe(200);
  const [res] = (await db.query(`INSERT INTO customer (customer_no, name, status, risk_grade, tags) VALUES (?, '김공격', 'ACTIVE', 'LOW', ?)`, [
    `X${stamp()}`.slice(0, 20),
    tag,
  ])) as any;
  customerId = Number(res.insertId);
});

afterAll(async () => {
  await db?.end();
});

const everyRoute = (id: number): Array<[string, string, unknown?]> => [
  ['GET', '/'],
  ['POST', '/', { name: `침입 ${tag}`, definition }],
  ['POST', '/validate', { definition }],
  ['GET', '/variables'],
  ['POST', '/check', { definition }],
  ['GET', `/${id}`],
  ['PUT', `/${id}`, { definition }],
  ['POST', `/${id}/submit`],
  ['POST', `/${id}/approve`, review],
  ['POST', `/${id}/reject`, { reason: '침입 시도' }],
  ['POST', `/${id}/retire`],
  ['POST', `/${id}/preview`, { customerId: 1 }],
];

test.each(['banker', 'product'] as const)('%s gets 403 on every route, with a worded refusal', async (role) => {
  for (const [method, path, body] of everyRoute(pending)) {
    const r = await api(as[role], method, path, body);
    expect([method, path, r.status]).toEqual([method, path, 403]);
    expect(r.body.problems[0]).toMatchObject({ code: 'forbidden', message: { ko: expect.any(String), en: expect.any(String) } });
  }
  expect((await one('SELECT status FROM message_template WHERE id = ?', [pending])).status).toBe('PENDING');
});

test('without a session every route answers 401 in JSON', async () => {
  const anonymous = new HttpClient(baseUrl());
  for (const [method, path, body] of everyRoute(pending)) expect((await api(anonymous, method, path, body)).status).toBe(401);
});

test('the marketer (maker) cannot approve, reject or retire', async () => {
  expect((await api(as.marketer, 'POST', `/${pending}/approve`, review)).status).toBe(403);
  expect((await api(as.marketer, 'POST', `/${pending}/reject`, { reason: '스스로 반려' })).status).toBe(403);
  expect((await api(as.marketer, 'POST', `/${approved}/retire`)).status).toBe(403);
  expect((await one('SELECT status FROM message_template WHERE id = ?', [pending])).status).toBe('PENDING');
  expect((await one('SELECT status FROM message_template WHERE id = ?', [approved])).status).toBe('APPROVED');
});

test('compliance (checker) cannot create, edit or submit; it reads and previews', async () => {
  expect((await api(as.compliance, 'POST', '/', { name: `준법 작성 ${tag}`, definition })).status).toBe(403);
  expect((await api(as.compliance, 'PUT', `/${approved}`, { definition })).status).toBe(403);
  expect((await api(as.compliance, 'POST', `/${approved}/submit`)).status).toBe(403);
  expect((await api(as.compliance, 'GET', `/${pending}`)).status).toBe(200);
  expect((await api(as.compliance, 'POST', `/${pending}/preview`, { customerId })).status).toBe(200);
});

test.each(['manager', 'admin'] as const)('%s only reads', async (role) => {
  expect((await api(as[role], 'GET', '/')).status).toBe(200);
  expect((await api(as[role], 'GET', `/${approved}`)).body).toMatchObject({ canEdit: false, canSubmit: false, canReview: false, canRetire: false });
  for (const [method, path, body] of everyRoute(pending).filter(([m, p]) => m !== 'GET' && !p.endsWith('/validate') && !p.endsWith('/check') && !p.endsWith('/preview'))) {
    expect([method, path, (await api(as[role], method, path, body)).status]).toEqual([method, path, 403]);
  }
});

test('hostile ids and bodies are refused in words, not crashes', async () => {
  for (const id of ['0', '-1', '1e3', '99999999999', "1' OR '1'='1", '%00']) expect((await api(as.marketer, 'GET', `/${encodeURIComponent(id)}`)).status).toBe(404);
  expect((await api(as.marketer, 'POST', '/', { name: 'x'.repeat(101), definition })).status).toBe(400);
  expect((await api(as.marketer, 'POST', '/', { name: `배열 ${tag}`, definition: [1, 2] })).status).toBe(400);
  expect((await api(as.marketer, 'POST', '/', { name: `채널 ${tag}`, definition: { ...definition, channel: 'fax' } })).status).toBe(400);
  const include = await api(as.marketer, 'POST', '/validate', { definition: { ...definition, text: "{% include '/etc/passwd' %}" } });
  expect(include.body.valid).toBe(false);
  expect((await api(as.marketer, 'POST', `/${pending}/preview`, { customerId: { $gt: 0 } })).status).toBe(400);
  expect((await api(as.compliance, 'POST', `/${pending}/approve`, { reviewNumber: ['a', 'b', 'c'], validFrom: {}, validUntil: 1 })).status).toBe(400);
  expect((await api(as.compliance, 'POST', `/${pending}/reject`, { reason: 'x'.repeat(501) })).status).toBe(400);
  expect((await api(as.marketer, 'GET', '/nope/deeper')).status).toBe(404);
});

test('no refusal carries a stack trace or SQL', () => {
  expect(answers.length).toBeGreaterThan(50);
  for (const a of answers) {
    expect(a.text).not.toMatch(/\bat .+\.(ts|js):\d+|ER_[A-Z_]+|SELECT |INSERT INTO|UPDATE message_template|node_modules/);
  }
});
