import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import { testDb, queries } from './support/db.js';
import { appLogPath, testBrokers } from './support/test-env.js';
import { logIn } from './support/demo-staff.js';
import { api, call } from './support/console-api.js';
import { stamp } from './support/unique.js';
import type { ConsoleClient } from './support/console-client.js';
import { ConsoleClient as Client } from './support/console-client.js';
import { definitionToGraph } from '../builder/segment/definition-to-graph.js';

/**
 * The segment builder's server side through HTTP, as a marketer's canvas
 * uses it, with MariaDB and the real Kafka broker: bad input, live counts,
 * publishing (materialised membership, immutable versions, segment.entered
 * on Kafka), real-time moves in and out driven by customer events, cycles,
 * archiving and who may do what.
 *
 * Every definition includes the file's own tag, so only the customers this
 * file creates can match, whatever else is in the test database.
 */
let db: Connection;
const { rows, one } = queries(() => db);
let marketer: ConsoleClient;
let banker: ConsoleClient;
let compliance: ConsoleClient;
let producer: Producer;
let consumer: Consumer;
const segmentEvents: Array<{ type: string; customerNo: string; segmentId: number; version: number; cause: string; eventId: string }> = [];
const kafka = new Kafka({ clientId: 'segment-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });

const tag = `t${stamp()}`;
const customers: Record<string, { id: number; no: string; name: string }> = {};

async function addCustomer(key: string, region: string, extra: { consentSms?: boolean } = {}) {
  const no = `S${stamp()}`.slice(0, 20);
  const name = `세그${key}고객`;
  const [res] = (await db.query(
    `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, consent_sms, birth_date) VALUES (?, ?, 'ACTIVE', ?, 'LOW', ?, ?, '1985-05-05')`,
    [no, name, region, `${tag},other`, extra.consentSms ? 1 : 0],
  )) as any;
  customers[key] = { id: Number(res.insertId), no, name };
}

const tagged = { type: 'attribute', field: 'tags', op: 'hasAny', values: [tag] };
const definitionOf = (...conditions: object[]) => ({ schemaVersion: 1, root: { type: 'and', children: [tagged, ...conditions] } });

const json = async (client: ConsoleClient, method: string, path: string, body?: unknown) => {
  const r = await client.request(`/admin/api/segments${path}`, { method, json: method === 'GET' ? undefined : (body ?? {}) });
  return { status: r.status, body: r.json() };
};

async function newSegment(name: string): Promise<number> {
  const o = await call(marketer, `${api}/Segment/actions/new`, { name, description: 'test' });
  expect(o.ok).toBe(true);
  return Number(o.params.id);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const membersOf = async (segmentId: number) =>
  (await rows<{ customer_id: number }>('SELECT customer_id FROM segment_membership WHERE segment_id = ? ORDER BY customer_id', [segmentId])).map((r) => Number(r.customer_id));
const eventsFor = (segmentId: number) => segmentEvents.filter((e) => e.segmentId === segmentId);

beforeAll(async () => {
  db = await testDb();
  [marketer, banker, compliance] = await Promise.all([logIn('marketer'), logIn('banker'), logIn('compliance')]);
  await addCustomer('A', 'SEOUL', { consentSms: true });
  await addCustomer('B', 'SEOUL');
  await addCustomer('C', 'BUSAN', { consentSms: true });
  await addCustomer('D', 'DAEGU');
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  consumer = kafka.consumer({ groupId: `segment-reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'segment-events', fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void segmentEvents.push(JSON.parse(message.value!.toString())) });
});
afterAll(async () => {
  await consumer.disconnect();
  await producer.disconnect();
  await db.end();
});

describe('bad input', () => {
  test('a definition that fails the schema is refused with the path of each error', async () => {
    const r = await json(marketer, 'POST', '/preview', {
      definition: {
        schemaVersion: 1,
        root: {
          type: 'and',
          children: [
            { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'ATLANTIS'] },
            { type: 'event', eventType: 'app.login', op: 'atLeast', times: -1, window: { kind: 'lastDays', days: 30 } },
            { type: 'attribute', field: 'age', op: 'contains', value: 'x' },
          ],
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.ok).toBe(false);
    const byPath = Object.fromEntries(r.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath['definition.root.children.0.values']).toMatch(/ATLANTIS is not a known region/);
    expect(byPath['definition.root.children.1.times']).toMatch(/not negative/);
    expect(byPath['definition.root.children.2.op']).toMatch(/does not apply to age/);
  });

  test('a canvas graph with errors names the offending blocks', async () => {
    const graph = {
      nodes: [
        { id: 'aud', type: 'audience', position: { x: 600, y: 0 }, data: {} },
        { id: 'g1', type: 'and', position: { x: 300, y: 0 }, data: {} },
        { id: 'n1', type: 'event', position: { x: 0, y: 0 }, data: { eventType: 'app.login', op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 0 } } },
      ],
      edges: [{ id: 'e1', source: 'g1', target: 'aud' }],
    };
    const r = await json(marketer, 'POST', '/preview', { graph });
    expect(r.status).toBe(400);
    const nodes = r.body.errors.map((e: { nodeId?: string }) => e.nodeId);
    expect(nodes).toContain('g1'); // empty AND group
    expect(nodes).toContain('n1'); // not connected, and 0 days
  });

  test('a body that is neither a graph nor a definition is refused, not crashed on', async () => {
    const r = await json(marketer, 'POST', '/preview', { graph: 'nonsense' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toMatch(/^graph/);
  });

  test('a duplicate segment name is a field error', async () => {
    const name = `dup-${stamp()}`;
    await newSegment(name);
    const o = await call(marketer, `${api}/Segment/actions/new`, { name });
    expect(o.ok).toBe(false);
    expect(o.errors.name?.message).toMatch(/이미 있습니다/);
  });
});

describe('live count', () => {
  // Compliance may unmask customers, so it reads exact counts; a marketer reads audiences this small
  // (below SEGMENT_MIN_AUDIENCE, 10) only as "fewer than 10" (see test/security/count-oracle.attack.test.ts).
  test('counts and samples exactly the matching customers, names masked', async () => {
    const r = await json(compliance, 'POST', '/preview', { definition: definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] }) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, count: 2, exact: true, timedOut: false });
    expect(r.body.sample.map((s: { customerNo: string }) => s.customerNo).sort()).toEqual([customers.A!.no, customers.B!.no].sort());
    for (const s of r.body.sample) expect(s.name).not.toBe(customers.A!.name);

    const both = await json(compliance, 'POST', '/preview', {
      definition: definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] }, { type: 'attribute', field: 'consentSms', op: 'is', value: true }),
    });
    expect(both.body.count).toBe(1);
  });

  test('a marketer reads a small audience only as "fewer than 10", without sample rows', async () => {
    const r = await json(marketer, 'POST', '/preview', { definition: definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] }) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, count: null, fewerThan: 10, exact: false, timedOut: false, sample: [] });
  });

  test('a withdrawn customer is in no audience', async () => {
    await addCustomer('W', 'SEOUL');
    await db.query("UPDATE customer SET status = 'WITHDRAWN' WHERE id = ?", [customers.W!.id]);
    const r = await json(compliance, 'POST', '/preview', { definition: definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] }) });
    expect(r.body.count).toBe(2);
  });
});

describe('publishing', () => {
  test('materialises membership, produces segment.entered, and keeps each version immutable', async () => {
    const id = await newSegment(`seoul-${stamp()}`);
    const v1 = definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] });
    const saved = await json(marketer, 'PUT', `/${id}/draft`, { graph: definitionToGraph(v1 as never) });
    expect(saved.body).toEqual({ ok: true, errors: [] });

    const p1 = await json(marketer, 'POST', `/${id}/publish`, { graph: definitionToGraph(v1 as never) });
    // The marketer reads these small counts coarsened; the version stores them exactly.
    expect(p1.body).toMatchObject({ ok: true, version: 1, memberCount: null, entered: null, exited: null, fewerThan: 10 });
    expect(await one('SELECT member_count_at_publish AS n FROM segment_version WHERE segment_id = ? AND version = 1', [id])).toMatchObject({ n: 2 });
    expect(await membersOf(id)).toEqual([customers.A!.id, customers.B!.id].sort((a, b) => a - b));
    const entered = await eventually(
      async () => eventsFor(id),
      (e) => e.length >= 2,
    );
    expect(entered.map((e) => [e.type, e.customerNo, e.version, e.cause]).sort()).toEqual(
      [
        ['segment.entered', customers.A!.no, 1, 'publish'],
        ['segment.entered', customers.B!.no, 1, 'publish'],
      ].sort(),
    );

    // Version 2 widens the audience: only the newcomer enters; version 1 stays as it was.
    const v2 = definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'BUSAN'] });
    const p2 = await json(marketer, 'POST', `/${id}/publish`, { definition: v2 });
    expect(p2.body).toMatchObject({ ok: true, version: 2, memberCount: null, fewerThan: 10 });
    expect(await one('SELECT member_count_at_publish AS n FROM segment_version WHERE segment_id = ? AND version = 2', [id])).toMatchObject({ n: 3 });
    const versions = await rows('SELECT version, definition FROM segment_version WHERE segment_id = ? ORDER BY version', [id]);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const first = typeof versions[0].definition === 'string' ? JSON.parse(versions[0].definition) : versions[0].definition;
    expect(first.root.children[1].values).toEqual(['SEOUL']);
    const all = await eventually(
      async () => eventsFor(id),
      (e) => e.length >= 3,
    );
    expect(all.filter((e) => e.version === 2).map((e) => e.customerNo)).toEqual([customers.C!.no]);

    const detail = await json(marketer, 'GET', `/${id}`);
    expect(detail.body).toMatchObject({ status: 'PUBLISHED', publishedVersion: 2, memberCount: null, countsFewerThan: 10, canEdit: true, canPublish: true });
    expect(detail.body.versions.map((v: { version: number; memberCountAtPublish: number | null }) => [v.version, v.memberCountAtPublish])).toEqual([
      [2, null],
      [1, null],
    ]);
    const exact = await json(compliance, 'GET', `/${id}`);
    expect(exact.body).toMatchObject({ memberCount: 3, countsFewerThan: null });
    expect(exact.body.versions.map((v: { memberCountAtPublish: number }) => v.memberCountAtPublish)).toEqual([3, 2]);
    // The console's list and page say "< 10" to the marketer, the number to compliance.
    const listed = async (c: ConsoleClient) => (await call(c, `${api}/Segment/records/${id}/show`)).params.memberCount;
    expect(await listed(marketer)).toBe('< 10');
    expect(await listed(compliance)).toBe(3);
    const audit = await one("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'segment.publish' AND record_id = ?", [String(id)]);
    expect(Number(audit.n)).toBe(2);

    // The customer 360 page lists the customer's segments for roles that read segments, not for a banker.
    const name = detail.body.name;
    const segmentsOn360 = async (c: ConsoleClient) =>
      (await call(c, `${api}/Customer/records/${customers.C!.id}/profile360`)).raw.view.segments as Array<{ name: string; version: number }>;
    expect(await segmentsOn360(marketer)).toEqual(expect.arrayContaining([expect.objectContaining({ name, version: 2 })]));
    expect(await segmentsOn360(banker)).toEqual([]);
  });

  test('publishing is one transaction: a database failure in the membership step leaves nothing published', async () => {
    const id = await newSegment(`atomic-${stamp()}`);
    const def = definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] });
    // A real failure in MariaDB, raised by the membership insert of this segment only: the step that runs
    // after the version, the segment row, the audit line and the transitions were written.
    const trigger = `test_fail_membership_${id}`;
    await db.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON segment_membership FOR EACH ROW
         IF NEW.segment_id = ${id} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated crash in membership of segment ${id}'; END IF`,
    );
    let failed: { status: number; body: { error?: string; ref?: string } };
    try {
      failed = await json(marketer, 'POST', `/${id}/publish`, { definition: def });
    } finally {
      await db.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: 'internal error', ref: expect.any(String) });
    // The failure was the trigger's (the platform logged it under the answer's reference) ...
    const log = await eventually(
      async () => readFileSync(appLogPath, 'utf8'),
      (l) => l.includes(failed.body.ref!),
    );
    const line = log.split('\n').find((l) => l.includes(failed.body.ref!))!;
    expect(line).toContain(`simulated crash in membership of segment ${id}`);
    // ... and it rolled back everything the publication had written before it.
    expect(await one('SELECT status, published_version, published_version_id FROM segment WHERE id = ?', [id])).toMatchObject({
      status: 'DRAFT',
      published_version: null,
      published_version_id: null,
    });
    expect(await rows('SELECT id FROM segment_version WHERE segment_id = ?', [id])).toEqual([]);
    expect(await rows('SELECT id FROM segment_transition WHERE segment_id = ?', [id])).toEqual([]);
    expect(await membersOf(id)).toEqual([]);
    expect(await rows("SELECT id FROM audit_log WHERE action = 'segment.publish' AND record_id = ?", [String(id)])).toEqual([]);

    // Without the failure the same request publishes version 1 with its members.
    const ok = await json(marketer, 'POST', `/${id}/publish`, { definition: def });
    expect(ok.body).toMatchObject({ ok: true, version: 1 });
    expect(await membersOf(id)).toEqual([customers.A!.id, customers.B!.id].sort((a, b) => a - b));
    expect(await one('SELECT member_count_at_publish AS n FROM segment_version WHERE segment_id = ?', [id])).toMatchObject({ n: 2 });
  });

  test('customer events move a customer in and out in real time, with the Kafka messages', async () => {
    const evt = `seg.test.${stamp()}`;
    const optOut = `seg.optout.${stamp()}`;
    const id = await newSegment(`active-${stamp()}`);
    const def = definitionOf(
      { type: 'event', eventType: evt, op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 30 } },
      { type: 'not', child: { type: 'event', eventType: optOut, op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 } } },
    );
    const p = await json(marketer, 'POST', `/${id}/publish`, { definition: def });
    expect(p.body).toMatchObject({ ok: true, memberCount: null, fewerThan: 10 });

    const d = customers.D!;
    const produce = (type: string) =>
      producer.send({
        topic: 'customer-events',
        messages: [{ key: d.no, value: JSON.stringify({ eventId: `e-${randomUUID()}`, customerNo: d.no, type, occurredAt: new Date().toISOString(), properties: {} }) }],
      });
    await produce(evt);
    // One event is not enough: D stays out.
    await eventually(
      async () => Number((await one('SELECT COUNT(*) n FROM behaviour_event WHERE customer_id = ? AND type = ?', [d.id, evt])).n),
      (n) => n === 1,
    );
    expect(await membersOf(id)).toEqual([]);

    await produce(evt);
    expect(
      await eventually(
        () => membersOf(id),
        (m) => m.length === 1,
      ),
    ).toEqual([d.id]);
    const entered = await eventually(
      async () => eventsFor(id),
      (e) => e.length >= 1,
    );
    expect(entered[0]).toMatchObject({ type: 'segment.entered', customerNo: d.no, cause: 'event', version: 1 });

    await produce(optOut);
    expect(
      await eventually(
        () => membersOf(id),
        (m) => m.length === 0,
      ),
    ).toEqual([]);
    const both = await eventually(
      async () => eventsFor(id),
      (e) => e.length >= 2,
    );
    expect(both.map((e) => e.type)).toEqual(['segment.entered', 'segment.exited']);
    expect(new Set(both.map((e) => e.eventId)).size).toBe(2);
    const seg = await one('SELECT member_count FROM segment WHERE id = ?', [id]);
    expect(Number(seg.member_count)).toBe(0);
  });

  test('a status change made by a banker moves the customer out at once', async () => {
    await addCustomer('E', 'JEJU');
    const e = customers.E!;
    const id = await newSegment(`jeju-active-${stamp()}`);
    const def = definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['JEJU'] }, { type: 'attribute', field: 'status', op: 'in', values: ['ACTIVE'] });
    expect((await json(marketer, 'POST', `/${id}/publish`, { definition: def })).body).toMatchObject({ ok: true, version: 1 });
    expect(await membersOf(id)).toEqual([e.id]);
    const r = await banker.request(`${api}/Customer/records/${e.id}/changeStatus`, { form: { status: 'DORMANT', comment: '장기 미거래' } });
    expect(r.json().notice?.type).toBe('success');
    expect(await membersOf(id)).toEqual([]);
    const exited = await eventually(
      async () => eventsFor(id).filter((m) => m.type === 'segment.exited'),
      (m) => m.length >= 1,
    );
    expect(exited[0]).toMatchObject({ customerNo: e.no, cause: 'event' });
  });

  test('a segment may include another, but never itself through a cycle; archiving follows the dependencies', async () => {
    const a = await newSegment(`base-${stamp()}`);
    const b = await newSegment(`derived-${stamp()}`);
    expect(
      (await json(marketer, 'POST', `/${a}/publish`, { definition: definitionOf({ type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'BUSAN'] }) })).body.ok,
    ).toBe(true);
    const pb = await json(marketer, 'POST', `/${b}/publish`, {
      definition: definitionOf({ type: 'segment', segmentId: a }, { type: 'attribute', field: 'consentSms', op: 'is', value: true }),
    });
    expect(pb.body).toMatchObject({ ok: true, version: 1 });
    expect(await membersOf(b)).toEqual([customers.A!.id, customers.C!.id].sort((x, y) => x - y)); // in a, with SMS consent

    const cyclic = await json(marketer, 'POST', `/${a}/publish`, { definition: definitionOf({ type: 'segment', segmentId: b }) });
    expect(cyclic.status).toBe(400);
    expect(JSON.stringify(cyclic.body.errors)).toMatch(/cycle/i);

    const refused = await call(marketer, `${api}/Segment/records/${a}/archive`, { comment: 'x' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/derived-/);
    const archived = await call(marketer, `${api}/Segment/records/${b}/archive`, { comment: 'x' });
    expect(archived.ok).toBe(true);
    expect(await membersOf(b)).toEqual([]);
    const exits = await eventually(
      async () => eventsFor(b).filter((e) => e.type === 'segment.exited'),
      (e) => e.length >= 2,
    );
    expect(exits.map((e) => e.cause)).toEqual(['archive', 'archive']);
  });

  test('a never-published draft may be deleted; a published segment is kept for history', async () => {
    const draft = await newSegment(`gone-${stamp()}`);
    expect((await call(marketer, `${api}/Segment/records/${draft}/delete`, { confirm: 'yes' })).ok).toBe(true);
    expect(await rows('SELECT id FROM segment WHERE id = ?', [draft])).toEqual([]);
    const kept = await newSegment(`kept-${stamp()}`);
    expect((await json(marketer, 'POST', `/${kept}/publish`, { definition: definitionOf() })).body.ok).toBe(true);
    const refused = await call(marketer, `${api}/Segment/records/${kept}/delete`, { confirm: 'yes' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/보관 처리하세요/);
    expect(await rows('SELECT id FROM segment WHERE id = ?', [kept])).toHaveLength(1);
  });

  test('a draft is saved even when it does not compile, and its problems come back', async () => {
    const id = await newSegment(`draft-${stamp()}`);
    const graph = { nodes: [{ id: 'aud', type: 'audience', position: { x: 0, y: 0 }, data: {} }], edges: [] };
    const r = await json(marketer, 'PUT', `/${id}/draft`, { graph });
    expect(r.body.ok).toBe(true);
    expect(r.body.errors.length).toBeGreaterThan(0);
    const detail = await json(marketer, 'GET', `/${id}`);
    expect(detail.body.draftGraph.nodes).toHaveLength(1);
    expect(detail.body.status).toBe('DRAFT');
  });
});

describe('who may do what', () => {
  test('a banker may not use the builder; compliance reads but neither edits nor publishes; anonymous gets 401', async () => {
    const id = await newSegment(`rbac-${stamp()}`);
    const def = definitionOf();
    expect((await json(banker, 'GET', '/options')).status).toBe(403);
    expect((await json(banker, 'POST', '/preview', { definition: def })).status).toBe(403);
    expect((await json(banker, 'GET', `/${id}`)).status).toBe(403);
    expect((await json(compliance, 'GET', `/${id}`)).body).toMatchObject({ id, canEdit: false, canPublish: false });
    expect((await json(compliance, 'PUT', `/${id}/draft`, { definition: def })).status).toBe(403);
    expect((await json(compliance, 'POST', `/${id}/publish`, { definition: def })).status).toBe(403);
    expect((await json(new Client(), 'GET', '/options')).status).toBe(401);
    const after = await one('SELECT status, published_version FROM segment WHERE id = ?', [id]);
    expect(after).toMatchObject({ status: 'DRAFT', published_version: null });
  });

  test('the options come from the real data', async () => {
    const r = await json(marketer, 'GET', '/options');
    expect(r.status).toBe(200);
    expect(r.body.regions).toContain('SEOUL');
    expect(r.body.tags).toEqual(expect.arrayContaining(['vip', 'salary', 'pension']));
    expect(r.body.products.length).toBeGreaterThanOrEqual(50);
    expect(r.body.eventTypes.map((e: { type: string }) => e.type)).toContain('app.login');
    expect(r.body.branches.length).toBeGreaterThan(0);
  });
});
