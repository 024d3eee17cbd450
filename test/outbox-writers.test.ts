import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { parseDomainEvent, type DomainEvent } from '../engine/definitions/domain-events/index.js';
import { createDomainServices, type DomainServices } from '../resources/domain-services.js';
import { testDb, queries, dbServer } from './support/db.js';
import { baseUrl, testBrokers, testEnv } from './support/test-env.js';
import { api, call, kst, must } from './support/console-api.js';
import { demoStaffIds, logIn } from './support/demo-staff.js';
import { eventually } from './support/ingestion-probe.js';
import type { ConsoleClient } from './support/console-client.js';

/**
 * Customer and holding writes on the domain-event spine, end to end through
 * the running platform: a banker's write commits its events
 * (customer.changed, customer.statusChanged, holding.opened / changed /
 * closed) in its own transaction, the platform's relay sends them to
 * crm-events and runs the segment re-evaluation subscriber before the
 * console answers, so the customer's segment membership has already
 * followed (with segment.entered / exited on segment-events).
 *
 * Segments are published from this process through the service (exact
 * counts, no relay here: their own events wait for the platform's sweep);
 * every definition is limited to this file's customer numbers.
 */
let db: Connection;
let ds: DataSource;
let services: DomainServices;
let banker: ConsoleClient;
let bankerId: number;
const { rows, one } = queries(() => db);
const kafka = new Kafka({ clientId: 'outbox-writers-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
let consumer: Consumer;
const seen: Array<{ topic: string; key: string; value: any }> = [];

const prefix = `Q${String(Date.now()).slice(-6)}`;
let seq = 0;
const nextNo = () => `${prefix}${String(++seq).padStart(3, '0')}`;
const R = `${api}/Customer`;
const H = `${api}/Holding`;

beforeAll(async () => {
  db = await testDb();
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  services = createDomainServices(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  banker = await logIn('banker');
  bankerId = (await demoStaffIds(db)).banker!;
  consumer = kafka.consumer({ groupId: `outbox-writers-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: ['crm-events', 'segment-events'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const key = message.key?.toString() ?? '';
      if (key.startsWith(prefix)) seen.push({ topic, key, value: JSON.parse(message.value!.toString()) });
    },
  });
});
afterAll(async () => {
  await consumer.disconnect();
  await ds.destroy();
  await db.end();
});

async function publishSegment(name: string, ...conditions: object[]): Promise<number> {
  const saved = await services.segments.saveSegment(null, { name: `${name}-${prefix}` });
  if (!saved.ok) throw new Error(saved.message);
  const definition = { schemaVersion: 1, root: { type: 'and', children: [{ type: 'attribute', field: 'customerNo', op: 'startsWith', value: prefix }, ...conditions] } };
  const published = await services.segments.publish(saved.entity.id, { definition }, new Date());
  if (!published.ok) throw new Error(JSON.stringify(published.errors));
  return saved.entity.id;
}

const isMember = async (segmentId: number, customerId: number) =>
  (await rows('SELECT 1 FROM segment_membership WHERE segment_id = ? AND customer_id = ?', [segmentId, customerId])).length === 1;

/** The customer and holding events of a customer in the outbox (its segment events are there too), in id order, parsed. */
async function outboxOf(customerNo: string): Promise<Array<{ id: number; event: DomainEvent; published: boolean }>> {
  const found = await rows("SELECT id, body, published_at FROM domain_event WHERE customer_no = ? AND (type LIKE 'customer.%' OR type LIKE 'holding.%') ORDER BY id", [customerNo]);
  return found.map((r) => {
    const parsed = parseDomainEvent(typeof r.body === 'string' ? JSON.parse(r.body) : r.body);
    if (!parsed.ok) throw new Error(`domain_event ${r.id} does not parse`);
    return { id: Number(r.id), event: parsed.event, published: r.published_at !== null };
  });
}
const types = async (customerNo: string) => (await outboxOf(customerNo)).map((r) => r.event.type);
const staff = () => ({ kind: 'staff', id: bankerId });

test('a customer created, edited and moved along its lifecycle by a banker: its events, in order, and its segments follow at once', async () => {
  const jeju = await publishSegment(
    'ob-jeju-active',
    { type: 'attribute', field: 'region', op: 'in', values: ['JEJU'] },
    { type: 'attribute', field: 'status', op: 'in', values: ['ACTIVE'] },
  );
  const no = nextNo();
  const created = must(await call(banker, `${R}/actions/new`, { customerNo: no, name: '스파인고객', branchCode: 'B001', region: 'SEOUL', consentSms: 'true' }), 'create');
  const id = Number(created.params.id);
  expect(await types(no)).toEqual(['customer.changed']);
  const [first] = await outboxOf(no);
  expect(first!.event).toMatchObject({
    type: 'customer.changed',
    customerNo: no,
    actor: staff(),
    payload: { customerId: id, change: 'created', fields: expect.arrayContaining(['name', 'region', 'branchCode', 'consentSms']) },
  });
  // Field names, never values: neither the name nor the region travel.
  expect(JSON.stringify(first!.event)).not.toMatch(/스파인고객|SEOUL/);
  expect(await isMember(jeju, id)).toBe(false);

  must(await call(banker, `${R}/records/${id}/edit`, { region: 'JEJU' }), 'edit');
  // The relay ran the re-evaluation before the console answered.
  expect(await isMember(jeju, id)).toBe(true);
  const edited = (await outboxOf(no))[1]!;
  expect(edited.event).toMatchObject({ type: 'customer.changed', actor: staff(), payload: { customerId: id, change: 'updated', fields: ['region'] } });

  // Sending the same values again changes nothing, and says nothing.
  must(await call(banker, `${R}/records/${id}/edit`, { region: 'JEJU' }), 'edit again');
  expect(await types(no)).toEqual(['customer.changed', 'customer.changed']);

  const r = await banker.request(`${R}/records/${id}/changeStatus`, { form: { status: 'DORMANT', comment: '장기 미거래' } });
  expect(r.json().notice?.type).toBe('success');
  expect(await isMember(jeju, id)).toBe(false);
  const history = await one('SELECT id FROM customer_status_history WHERE customer_id = ? ORDER BY id DESC LIMIT 1', [id]);
  const status = (await outboxOf(no))[2]!;
  expect(status.event).toMatchObject({
    type: 'customer.statusChanged',
    actor: staff(),
    payload: { customerId: id, from: 'ACTIVE', to: 'DORMANT', statusHistoryId: String(history.id) },
  });
  expect(JSON.stringify(status.event)).not.toContain('장기 미거래');

  // Withdrawal revokes consents: the status change, then which consents went.
  // A withdrawal is confirmed by typing the customer number again (customer-status-rules.ts).
  expect((await banker.request(`${R}/records/${id}/changeStatus`, { form: { status: 'WITHDRAWN', comment: '본인 요청', confirmWithdrawal: no } })).json().notice?.type).toBe(
    'success',
  );
  const last = (await outboxOf(no)).slice(3).map((x) => x.event);
  expect(last).toMatchObject([
    { type: 'customer.statusChanged', payload: { from: 'DORMANT', to: 'WITHDRAWN' } },
    { type: 'customer.changed', payload: { change: 'updated', fields: ['consentSms'] } },
  ]);

  // Relayed: every row published, on crm-events keyed by the customer in outbox order, and the segment moves on segment-events.
  const outbox = await outboxOf(no);
  expect(outbox.every((x) => x.published)).toBe(true);
  const crm = await eventually(
    async () => seen.filter((s) => s.topic === 'crm-events' && s.key === no),
    (s) => s.length >= 5,
  );
  expect(crm.map((s) => s.value)).toEqual(outbox.map((x) => x.event));
  const moves = await eventually(
    async () => seen.filter((s) => s.topic === 'segment-events' && s.value.segmentId === jeju),
    (s) => s.length >= 2,
  );
  expect(moves.map((s) => [s.value.type, s.value.customerNo, s.value.cause])).toEqual([
    ['segment.entered', no, 'event'],
    ['segment.exited', no, 'event'],
  ]);
  expect(moves.map((s) => Object.keys(s.value))).toEqual([0, 1].map(() => ['eventId', 'type', 'customerNo', 'segmentId', 'segmentName', 'version', 'cause', 'occurredAt']));
});

test('a write that fails after its event was appended leaves neither the change nor the event', async () => {
  const no = nextNo();
  const id = Number(must(await call(banker, `${R}/actions/new`, { customerNo: no, name: '실패고객', branchCode: 'B001' }), 'create').params.id);
  const before = await outboxOf(no);
  // A real failure inside the status change's transaction, after the customer row was saved.
  const trigger = `test_fail_status_history_${id}`;
  await db.query(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON customer_status_history FOR EACH ROW
       IF NEW.customer_id = ${id} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated failure in the status history of ${id}'; END IF`,
  );
  try {
    const r = await banker.request(`${R}/records/${id}/changeStatus`, { form: { status: 'DORMANT', comment: '실패해야 함' } });
    expect(r.json().notice?.type).not.toBe('success');
  } finally {
    await db.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
  expect((await one('SELECT status FROM customer WHERE id = ?', [id])).status).toBe('ACTIVE');
  expect(await outboxOf(no)).toEqual(before);
});

test('holdings opened, changed and closed by a banker: their events, and a holding segment follows at once', async () => {
  const rich = await publishSegment('ob-deposit-2m', { type: 'holding', mode: 'holds', productType: 'DEPOSIT', minAmount: 2_000_000 });
  const no = nextNo();
  const customerId = Number(must(await call(banker, `${R}/actions/new`, { customerNo: no, name: '보유고객', branchCode: 'B001' }), 'create').params.id);
  const deposit = await one(
    "SELECT v.id, v.product_id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'DEPOSIT' AND v.status = 'PUBLISHED' ORDER BY p.code LIMIT 1",
  );

  const opened = must(
    await call(banker, `${H}/actions/new`, { customerId: String(customerId), productVersionId: String(deposit.id), amount: '1000000', openedOn: kst(0) }),
    'open',
  );
  const holdingId = Number(opened.params.id);
  const ref = { holdingId, customerId, productId: Number(deposit.product_id), productVersionId: Number(deposit.id), productType: 'DEPOSIT' };
  expect((await outboxOf(no)).slice(1).map((x) => x.event)).toMatchObject([{ type: 'holding.opened', actor: staff(), payload: { ...ref, openedOn: kst(0) } }]);
  expect(await isMember(rich, customerId)).toBe(false);

  must(await call(banker, `${H}/records/${holdingId}/edit`, { amount: '3000000' }), 'raise the amount');
  expect(await isMember(rich, customerId)).toBe(true);
  must(await call(banker, `${H}/records/${holdingId}/edit`, { closedOn: kst(0) }), 'close');
  expect(await isMember(rich, customerId)).toBe(false);

  const events = (await outboxOf(no)).map((x) => x.event);
  expect(events.map((e) => e.type)).toEqual(['customer.changed', 'holding.opened', 'holding.changed', 'holding.closed']);
  expect(events[2]).toMatchObject({ payload: { ...ref, fields: ['amount'] } });
  expect(events[3]).toMatchObject({ payload: { ...ref, closedOn: kst(0) } });
  // Neither the amount nor the contract number travel.
  const contract = (await one('SELECT contract_no FROM holding WHERE id = ?', [holdingId])).contract_no;
  expect(JSON.stringify(events)).not.toMatch(new RegExp(`3000000|${contract}`));

  const crm = await eventually(
    async () => seen.filter((s) => s.topic === 'crm-events' && s.key === no),
    (s) => s.length >= 4,
  );
  expect(crm.map((s) => s.value)).toEqual(events);
  const moves = await eventually(
    async () => seen.filter((s) => s.topic === 'segment-events' && s.value.segmentId === rich),
    (s) => s.length >= 2,
  );
  expect(moves.map((s) => [s.value.type, s.value.cause])).toEqual([
    ['segment.entered', 'event'],
    ['segment.exited', 'event'],
  ]);
});

test('/metrics shows the outbox backlog (read at scrape time) and what the relay published', async () => {
  // Events written without a kick (other files' jobs and services in this process) wait for the platform's sweep (2 s).
  const text = await eventually(
    async () => (await fetch(`${baseUrl()}/metrics`)).text(),
    (t) => /^outbox_backlog 0$/m.test(t),
    10_000,
  );
  expect(text).toMatch(/^outbox_backlog 0$/m);
  expect(text).toMatch(/^outbox_oldest_unpublished_seconds 0$/m);
  expect(text).toMatch(/^outbox_events_published_total\{topic="crm-events"\} [1-9]\d*$/m);
  expect(text).toMatch(/^outbox_relay_stalled 0$/m);
});
