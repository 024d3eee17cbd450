import type { Connection } from 'mysql2/promise';
import { testDb, queries } from '../support/db.js';
import { baseUrl } from '../support/test-env.js';
import { HttpClient, type JsonReply } from '../support/journey-console.js';
import { insertMessageFixture, type MessageFixture } from '../support/message-rows.js';

/**
 * Attacks on the messages and sent-box APIs with each role's real session:
 * who may read which message (Message and Customer grants; the product role
 * reads none), whose name each role sees (masked exactly as the customer
 * list masks it), other customers' ids, hostile ids and query parameters
 * (400 with a coded problem in Korean and English), writes (none exist),
 * no session at all, and what every refusal lets out (no stack, no SQL, no
 * customer data).
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];
const readers: Role[] = ['admin', 'marketer', 'compliance', 'manager', 'banker'];
const seesNames: Role[] = ['compliance', 'banker'];
const sentBoxReaders: Role[] = ['admin', 'marketer', 'compliance'];

let db: Connection;
const { one } = queries(() => db);
let as: Record<Role, HttpClient>;
let f: MessageFixture;
const answers: JsonReply[] = [];

const get = async (c: HttpClient, path: string) => {
  const r = await c.request(`/admin/api${path}`);
  answers.push(r);
  return r;
};
const problem = (r: JsonReply, status: number, code: string) => {
  expect([r.status, r.body?.ok, r.body?.problems?.[0]?.code]).toEqual([status, false, code]);
  expect(r.body.problems[0].message.ko.length).toBeGreaterThan(3);
  expect(r.body.problems[0].message.en.length).toBeGreaterThan(3);
};

beforeAll(async () => {
  db = await testDb();
  f = await insertMessageFixture(db, 'xm');
  as = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await HttpClient.loggedIn(baseUrl(), r)] as const))) as Record<Role, HttpClient>;
});
afterAll(async () => {
  await db?.end();
});

describe.each(roles)('%s', (role) => {
  const reads = readers.includes(role);
  const name = (full: string) => (seesNames.includes(role) ? full : `${[...full][0]}*${[...full].at(-1)}`);

  test(reads ? 'reads the list, each message and each customer’s messages, names masked per role' : 'reads no message', async () => {
    const list = await get(as[role], `/messages?customerId=${f.customer.id}`);
    const detail = await get(as[role], `/messages/${f.sent}`);
    const other = await get(as[role], `/messages/${f.otherMessage}`);
    const customer = await get(as[role], `/customers/${f.other.id}/messages`);
    if (!reads) {
      for (const r of [list, detail, other, customer]) problem(r, 403, 'forbidden');
      for (const r of [list, detail, other, customer]) expect(r.text).not.toContain(f.customer.no);
      return;
    }
    expect(list.body.messages.map((m: { name: string }) => m.name)).toEqual([name(f.customer.name), name(f.customer.name), name(f.customer.name)]);
    expect(detail.body.message.name).toBe(name(f.customer.name));
    // Another customer's message names that customer, masked the same way; nothing of the first.
    expect(other.body.message).toMatchObject({ customerId: f.other.id, name: name(f.other.name) });
    expect(other.text).not.toContain(f.customer.no);
    expect(customer.body.customer.name).toBe(name(f.other.name));
    expect(customer.body.messages.map((m: { id: number }) => m.id)).toEqual([f.otherMessage]);
    if (!seesNames.includes(role)) for (const r of [list, detail, other, customer]) expect(r.text).not.toMatch(/김메시|박다른/);
  });

  test(sentBoxReaders.includes(role) ? 'reads the 발송함' : 'may not read the 발송함', async () => {
    const r = await get(as[role], '/sent-box');
    if (sentBoxReaders.includes(role)) expect([r.status, r.body.ok]).toEqual([200, true]);
    else problem(r, 403, 'forbidden');
  });

  test('cannot create, change or delete a message', async () => {
    const before = await one('SELECT status, updated_at FROM message WHERE id = ?', [f.sent]);
    for (const [method, path] of [
      ['POST', '/messages'],
      ['PUT', `/messages/${f.sent}`],
      ['PATCH', `/messages/${f.sent}`],
      ['DELETE', `/messages/${f.sent}`],
      ['POST', `/messages/${f.sent}/resend`],
      ['POST', `/customers/${f.customer.id}/messages`],
      ['DELETE', '/sent-box'],
    ]) {
      const r = await as[role].request(`/admin/api${path}`, { method, json: method === 'DELETE' ? undefined : { status: 'DELIVERED' }, headers: { origin: baseUrl() } });
      answers.push(r);
      expect([method, path, r.status >= 400 && r.status < 500]).toEqual([method, path, true]);
    }
    expect(await one('SELECT status, updated_at FROM message WHERE id = ?', [f.sent])).toEqual(before);
  });
});

describe('hostile ids and parameters', () => {
  const c = () => as.compliance;

  test.each(['abc', '0', '-1', '1e3', '0x10', '1.5', '99999999999999999999', "1'OR'1'='1", '%20', '1;DROP TABLE message'])('message id %p → 400', async (id) => {
    problem(await get(c(), `/messages/${encodeURIComponent(id)}`), 400, 'messageIdInvalid');
  });

  test.each(['abc', '0', '-5', '4294967296', '1 OR 1=1'])('customer id %p → 400', async (id) => {
    problem(await get(c(), `/customers/${encodeURIComponent(id)}/messages`), 400, 'customerIdInvalid');
  });

  test('an unknown message or customer → 404, naming only the id asked for', async () => {
    const m = await get(c(), '/messages/999999999999');
    problem(m, 404, 'messageNotFound');
    expect(m.body.problems[0].message.en).toBe('message 999999999999 does not exist');
    problem(await get(c(), '/customers/4294967295/messages'), 404, 'customerNotFound');
  });

  test.each([
    ['status=sent', 'statusFilter'],
    ["status=SENT'--", 'statusFilter'],
    ['status=SENT&status=HELD', 'statusFilter'],
    ['status[$ne]=x', 'statusFilter'],
    ['channel=fax', 'channelFilter'],
    ['channel[]=sms', 'channelFilter'],
    ['customerId=abc', 'idFilter'],
    ['customerId=0', 'idFilter'],
    ['journeyId=1%20OR%201%3D1', 'idFilter'],
    ['journeyId=99999999999', 'idFilter'],
    ['page=0', 'pageFilter'],
    ['page=-1', 'pageFilter'],
    ['page=abc', 'pageFilter'],
    ['page=201', 'pageFilter'],
    ['sortBy=name', 'unknownParameter'],
    ['limit=100000', 'unknownParameter'],
  ])('?%s → 400 %s', async (query, code) => {
    const r = await get(c(), `/messages?${query}`);
    problem(r, 400, code);
  });

  test('the sent box takes no parameters', async () => {
    problem(await get(c(), '/sent-box?all=1'), 400, 'unknownParameter');
  });

  test('an unknown route under the APIs → 404 JSON', async () => {
    problem(await get(c(), `/messages/${f.sent}/raw`), 404, 'notFoundRoute');
    problem(await get(c(), `/customers/${f.customer.id}`), 404, 'notFoundRoute');
  });

  test('no session → 401, nothing else', async () => {
    for (const path of ['/messages', `/messages/${f.sent}`, `/customers/${f.customer.id}/messages`, '/sent-box']) {
      const r = await new HttpClient(baseUrl()).request(`/admin/api${path}`);
      answers.push(r);
      expect([path, r.status]).toEqual([path, 401]);
      expect(r.text).not.toContain(f.customer.no);
    }
  });
});

test('no answer carries a stack trace, SQL or a password', () => {
  expect(answers.length).toBeGreaterThan(50);
  for (const a of answers) expect(a.text).not.toMatch(/\n\s+at |SELECT |INSERT |sqlMessage|ER_|password/i);
});
