import type { Connection } from 'mysql2/promise';
import { testDb, queries } from './support/db.js';
import { stamp } from './support/unique.js';
import { baseUrl } from './support/test-env.js';
import { HttpClient, startJourneyConsole, type JourneyConsole, type JsonReply } from './support/journey-console.js';
import { approvedTemplates, insertTestTemplate, type TemplateChannel } from './support/approved-templates.js';

/**
 * The journey lifecycle through the console's JSON API, against MariaDB and
 * Redis, with the real journey runtime behind the console's port (a second
 * console process, test/support/journey-console.ts): a draft with problems,
 * validation in both languages, publication refused then allowed, pause,
 * resume, a second version while customers run on the first, archive ending
 * them; instances started by a bank system through the service API; counters
 * and one instance's history.
 *
 * Customers are created by this file (tagged with its own tag), so counts
 * depend on nothing else in the test database.
 */
let db: Connection;
const { rows, one } = queries(() => db);
let console_: JourneyConsole;
let marketer: HttpClient;
let admin: HttpClient;
let compliance: HttpClient;

const tag = `j${stamp()}`;
const customers: Record<string, { id: number; no: string; name: string }> = {};
async function addCustomer(key: string, region: string) {
  const no = `J${stamp()}`.slice(0, 20);
  const name = `여정${key}고객`;
  const [res] = (await db.query(
    `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, consent_sms, birth_date) VALUES (?, ?, 'ACTIVE', ?, 'LOW', ?, 1, '1980-01-01')`,
    [no, name, region, tag],
  )) as any;
  customers[key] = { id: Number(res.insertId), no, name };
}

const journeys = (c: HttpClient, method: string, path: string, json?: unknown) =>
  c.request(`/admin/api/journeys${path}`, { method, json: method === 'GET' || method === 'DELETE' ? undefined : (json ?? {}) });
const tokens = (c: HttpClient, method: string, path: string, json?: unknown) =>
  c.request(`/admin/api/service-tokens${path}`, { method, json: method === 'GET' ? undefined : (json ?? {}) });
const start = (token: string, journeyId: number, body: unknown) =>
  new HttpClient(console_.base).request(`/service-api/journeys/${journeyId}/start`, { method: 'POST', json: body, headers: { authorization: `Bearer ${token}` } });

/** Every answer of this file, checked at the end for stacks, SQL and token material. */
const answers: JsonReply[] = [];
const seen = <T extends JsonReply>(r: T): T => (answers.push(r), r);

/** Approved templates (one per channel) the send blocks refer to: publishing refuses a template that cannot be sent. */
let templates: Record<TemplateChannel, number>;

/** API entry; SEOUL customers convert at once (message, goal), the others wait a day. */
function definition(waitFor = 'P1D') {
  return {
    version: 1,
    entry: { type: 'api' },
    reEntry: { kind: 'once' },
    nodes: [
      { id: 'start', type: 'start', next: 'seoul' },
      { id: 'seoul', type: 'condition', label: '서울 고객', condition: { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] }, onTrue: 'sms', onFalse: 'wait' },
      { id: 'sms', type: 'sendMessage', channel: 'sms', templateId: templates.sms, next: 'won' },
      { id: 'won', type: 'goal' },
      { id: 'wait', type: 'waitDuration', duration: waitFor, next: 'done' },
      { id: 'done', type: 'exit' },
    ],
  };
}

let publishedSegment: number;
let draftSegment: number;

beforeAll(async () => {
  db = await testDb();
  templates = await approvedTemplates(db);
  console_ = await startJourneyConsole();
  [marketer, admin, compliance] = await Promise.all(['marketer', 'admin', 'compliance'].map((r) => HttpClient.loggedIn(console_.base, r)));
  await addCustomer('A', 'SEOUL');
  await addCustomer('B', 'BUSAN');
  await addCustomer('C', 'DAEGU');
  publishedSegment = Number((await one("SELECT id FROM segment WHERE status = 'PUBLISHED' ORDER BY id LIMIT 1")).id);
  const [s] = (await db.query("INSERT INTO segment (name, status) VALUES (?, 'DRAFT')", [`journey draft ref ${tag}`])) as any;
  draftSegment = Number(s.insertId);
}, 240_000);
afterAll(async () => {
  await console_?.stop();
  await db?.end();
});

describe('lifecycle', () => {
  let id: number;
  let token: string;
  let tokenId: number;

  test('a draft with problems saves; validate lists every problem with its code, path, block and both languages', async () => {
    const broken = definition();
    broken.nodes[2] = { id: 'sms', type: 'sendMessage', channel: 'sms', templateId: templates.sms, next: null as unknown as string }; // loose exit
    broken.nodes.push({ id: 'orphan', type: 'exit' } as never); // unreachable
    broken.nodes[1] = { ...broken.nodes[1]!, condition: { type: 'segment', segmentId: draftSegment } } as never; // not published
    (broken as any).exitWhen = [{ type: 'segmentExited', segmentId: 987654321 }]; // does not exist

    const created = seen(await journeys(marketer, 'POST', '/', { name: `여정 ${tag}`, description: '라이프사이클 테스트', definition: broken }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, status: 'DRAFT' });
    id = created.body.id;
    const codes = (ps: Array<{ code: string }>) => ps.map((p) => p.code).sort();
    // sms has a loose exit, so the goal after it is unreachable as well as the orphan.
    expect(codes(created.body.problems)).toEqual(['exitUnconnected', 'segmentNotPublished', 'segmentNotPublished', 'unreachableNode', 'unreachableNode']);

    const v = seen(await journeys(marketer, 'POST', '/validate', { definition: broken }));
    expect(v.status).toBe(200);
    expect(v.body.valid).toBe(false);
    expect(codes(v.body.problems)).toEqual(codes(created.body.problems));
    const by = (code: string) => v.body.problems.filter((p: any) => p.code === code);
    expect(by('exitUnconnected')[0]).toMatchObject({ nodeId: 'sms', path: expect.stringMatching(/^nodes\.2/) });
    expect(
      by('unreachableNode')
        .map((p: any) => p.nodeId)
        .sort(),
    ).toEqual(['orphan', 'won']);
    expect(
      by('segmentNotPublished')
        .map((p: any) => [p.path, p.nodeId ?? null])
        .sort(),
    ).toEqual([
      ['exitWhen.0.segmentId', null],
      ['nodes.1.condition', 'seoul'],
    ]);
    for (const p of v.body.problems) {
      expect(p.message.en).toMatch(/[a-z]/);
      expect(p.message.ko).toMatch(/[가-힣]/);
    }
    expect(by('segmentNotPublished')[0].message.ko).toMatch(/게시되지 않았습니다/);

    // A definition that fails the schema: the block and field named, in both languages.
    const schema = seen(await journeys(marketer, 'POST', '/validate', { definition: { ...definition('P1X'), nodes: definition('P1X').nodes } }));
    expect(schema.body.valid).toBe(false);
    expect(schema.body.problems[0]).toMatchObject({ code: 'durationFormat', path: 'nodes.4.duration', nodeId: 'wait' });
    expect(schema.body.problems[0].message.ko).toMatch(/PT30M/);

    const detail = seen(await journeys(marketer, 'GET', `/${id}`));
    expect(detail.body).toMatchObject({ id, status: 'DRAFT', published: null, versions: [], canEdit: true, canPublish: true });
    expect(detail.body.draft.problems).toHaveLength(5);
  });

  test('publishing is refused with all the problems; illegal moves of a draft are 409s in both languages', async () => {
    const refused = seen(await journeys(marketer, 'POST', `/${id}/publish`));
    expect(refused.status).toBe(400);
    expect(refused.body.problems.map((p: any) => p.code).sort()).toEqual(['exitUnconnected', 'segmentNotPublished', 'segmentNotPublished', 'unreachableNode', 'unreachableNode']);
    expect(await one('SELECT status, published_version_id FROM journey WHERE id = ?', [id])).toEqual({ status: 'DRAFT', published_version_id: null });
    expect(await rows('SELECT id FROM journey_version WHERE journey_id = ?', [id])).toEqual([]);

    for (const move of ['pause', 'resume']) {
      const r = seen(await journeys(marketer, 'POST', `/${id}/${move}`));
      expect(r.status).toBe(409);
      expect(r.body.problems[0]).toMatchObject({ code: 'illegalTransition', params: { status: 'DRAFT' } });
      expect(r.body.problems[0].message.ko).toMatch(/초안 상태의 여정은/);
    }
  });

  test('fixed, it publishes version 1 with its entry copied onto the journey; a bank system starts customers on it', async () => {
    const fixed = { ...definition(), exitWhen: [{ type: 'segmentExited', segmentId: publishedSegment }] };
    const saved = seen(await journeys(marketer, 'PUT', `/${id}/draft`, { definition: fixed, layout: { start: { x: 0, y: 0 } } }));
    expect(saved.body).toEqual({ ok: true, problems: [] });
    const p1 = seen(await journeys(marketer, 'POST', `/${id}/publish`));
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ ok: true, version: 1, status: 'PUBLISHED', runtime: 'notified' });
    expect(await one('SELECT status, published_version, entry_type, entry_segment_id FROM journey WHERE id = ?', [id])).toEqual({
      status: 'PUBLISHED',
      published_version: 1,
      entry_type: 'api',
      entry_segment_id: null,
    });

    const issued = seen(await tokens(admin, 'POST', '/', { name: `core banking ${tag}`, journeyIds: [id] }));
    expect(issued.status).toBe(201);
    token = issued.body.token;
    tokenId = issued.body.id;
    expect(token).toMatch(/^bct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);

    const a = seen(await start(token, id, { customerNo: customers.A!.no, requestId: `req-A-${tag}` }));
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ ok: true, started: true, repeated: false, instanceId: expect.any(String) });
    const b = seen(await start(token, id, { customerNo: customers.B!.no, requestId: `req-B-${tag}` }));
    expect(b.body).toMatchObject({ started: true });

    // The same request again: the same instance, nothing started twice.
    const again = seen(await start(token, id, { customerNo: customers.A!.no, requestId: `req-A-${tag}` }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, instanceId: a.body.instanceId, started: false, repeated: true });
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id = ? AND customer_id = ?', [id, customers.A!.id])).toHaveLength(1);
    expect(await one('SELECT entry_key, entry_kind FROM journey_instance WHERE id = ?', [a.body.instanceId])).toEqual({
      entry_key: `api:${tokenId}:req-A-${tag}`,
      entry_kind: 'api',
    });

    const instA = await one('SELECT active, node_id, end_reason, converted FROM journey_instance WHERE id = ?', [a.body.instanceId]);
    expect(instA).toEqual({ active: null, node_id: 'won', end_reason: 'goalReached', converted: 1 });
    const instB = await one('SELECT active, node_id, waiting_kind FROM journey_instance WHERE id = ?', [b.body.instanceId]);
    expect(instB).toEqual({ active: 1, node_id: 'wait', waiting_kind: 'duration' });
    expect(Number((await one('SELECT last_used_at IS NOT NULL AS used FROM service_token WHERE id = ?', [tokenId])).used)).toBe(1);
  });

  test('pause holds new entries; resume lets them in again', async () => {
    const paused = seen(await journeys(marketer, 'POST', `/${id}/pause`, { reason: '문구 점검' }));
    expect(paused.body).toMatchObject({ ok: true, status: 'PAUSED', runtime: 'notified' });
    expect(seen(await journeys(marketer, 'POST', `/${id}/pause`)).status).toBe(409);
    const held = seen(await start(token, id, { customerNo: customers.C!.no, requestId: `req-C-paused-${tag}` }));
    expect(held.status).toBe(409);
    expect(held.body.problems[0]).toMatchObject({ code: 'journeyNotLive', params: { status: 'PAUSED' } });
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id = ? AND customer_id = ?', [id, customers.C!.id])).toEqual([]);

    const resumed = seen(await journeys(marketer, 'POST', `/${id}/resume`));
    expect(resumed.body).toMatchObject({ ok: true, status: 'PUBLISHED' });
  });

  test('a second version while customers run: running instances keep v1, new entries take v2', async () => {
    const v2 = { ...definition('P2D'), exitWhen: [{ type: 'segmentExited', segmentId: publishedSegment }] };
    expect(seen(await journeys(marketer, 'PUT', `/${id}/draft`, { definition: v2 })).body).toEqual({ ok: true, problems: [] });
    const p2 = seen(await journeys(marketer, 'POST', `/${id}/publish`));
    expect(p2.body).toMatchObject({ ok: true, version: 2, status: 'PUBLISHED' });
    const versions = await rows<{ id: number; version: number }>('SELECT id, version FROM journey_version WHERE journey_id = ? ORDER BY version', [id]);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const first = await one('SELECT definition FROM journey_version WHERE journey_id = ? AND version = 1', [id]);
    expect(JSON.stringify(first.definition)).toContain('P1D');

    const c = seen(await start(token, id, { customerNo: customers.C!.no, requestId: `req-C-${tag}` }));
    expect(c.body).toMatchObject({ started: true });
    const byCustomer = await rows<{ customer_id: number; version_id: number }>('SELECT customer_id, version_id FROM journey_instance WHERE journey_id = ? ORDER BY customer_id', [
      id,
    ]);
    const versionOf = (key: string) => versions.find((v) => Number(v.id) === Number(byCustomer.find((r) => Number(r.customer_id) === customers[key]!.id)!.version_id))!.version;
    expect([versionOf('A'), versionOf('B'), versionOf('C')]).toEqual([1, 1, 2]);
  });

  test('counters per block, for one version and for all', async () => {
    const v1 = seen(await journeys(compliance, 'GET', `/${id}/counters?version=1`));
    expect(v1.status).toBe(200);
    const block = (r: JsonReply, nodeId: string) => r.body.blocks.find((b: any) => b.nodeId === nodeId);
    expect(v1.body.totals).toEqual({ instances: 2, running: 1, ended: 1, converted: 1 });
    expect(block(v1, 'start')).toMatchObject({ nodeType: 'start', entered: 2, waitingNow: 0, passed: 2 });
    expect(block(v1, 'seoul')).toMatchObject({ entered: 2, passed: 2 });
    expect(block(v1, 'sms')).toMatchObject({ entered: 1, passed: 1 });
    expect(block(v1, 'won')).toMatchObject({ entered: 1, passed: 0, exited: { goalReached: 1 }, converted: 1 });
    expect(block(v1, 'wait')).toMatchObject({ entered: 1, waitingNow: 1, passed: 0, exited: {} });
    expect(block(v1, 'done')).toMatchObject({ entered: 0, waitingNow: 0 });

    const v2 = seen(await journeys(compliance, 'GET', `/${id}/counters?version=2`));
    expect(v2.body.totals).toEqual({ instances: 1, running: 1, ended: 0, converted: 0 });
    const all = seen(await journeys(compliance, 'GET', `/${id}/counters`));
    expect(all.body).toMatchObject({ version: 'all', versions: [2, 1], totals: { instances: 3, running: 2, ended: 1, converted: 1 } });
    expect(block(all, 'wait')).toMatchObject({ entered: 2, waitingNow: 2 });

    expect(seen(await journeys(compliance, 'GET', `/${id}/counters?version=9`)).status).toBe(400);
    expect(seen(await journeys(compliance, 'GET', `/${id}/counters?version=x`)).status).toBe(400);
  });

  test("instances by status, and one instance's history: steps in order with causes, messages with status, customer number only", async () => {
    const running = seen(await journeys(marketer, 'GET', `/${id}/instances?status=running`));
    expect(running.body.instances.map((i: any) => i.customerNo).sort()).toEqual([customers.B!.no, customers.C!.no].sort());
    const converted = seen(await journeys(marketer, 'GET', `/${id}/instances?status=converted`));
    expect(converted.body.instances).toHaveLength(1);
    const a = converted.body.instances[0];
    expect(a).toMatchObject({ customerNo: customers.A!.no, status: 'ended', endReason: 'goalReached', converted: true, version: 1, entry: 'api' });
    const paged = seen(await journeys(marketer, 'GET', `/${id}/instances?limit=2`));
    expect(paged.body.instances).toHaveLength(2);
    const rest = seen(await journeys(marketer, 'GET', `/${id}/instances?limit=2&before=${paged.body.next}`));
    expect(rest.body.instances).toHaveLength(1);
    expect(seen(await journeys(marketer, 'GET', `/${id}/instances?status=lost`)).status).toBe(400);

    const h = seen(await journeys(marketer, 'GET', `/${id}/instances/${a.id}`));
    expect(h.status).toBe(200);
    expect(h.body.steps.map((s: any) => [s.nodeId, s.cause])).toEqual([
      ['start', 'start'],
      ['seoul', 'next'],
      ['sms', 'true'],
      ['won', 'next'],
    ]);
    // The platform's channel workers take the message on at once (this customer has no mobile number: suppressed); any status is a status.
    expect(h.body.messages).toEqual([
      expect.objectContaining({ channel: 'sms', templateId: templates.sms, nodeId: 'sms', status: expect.stringMatching(/^(QUEUED|SENDING|SENT|DELIVERED|SUPPRESSED)$/) }),
    ]);
    expect(h.body.customerNo).toBe(customers.A!.no);
    expect(h.text).not.toContain(customers.A!.name);
    expect(Object.keys(h.body)).not.toEqual(expect.arrayContaining(['name']));
    const logged = await one("SELECT actor_email, detail FROM audit_log WHERE action = 'journey.instanceView' AND record_id = ? ORDER BY id DESC LIMIT 1", [String(id)]);
    expect(logged).toEqual({ actor_email: 'marketer@demo.bank', detail: `instance ${a.id} of customer ${customers.A!.no}` });

    expect(seen(await journeys(marketer, 'GET', `/${id}/instances/999999999`)).status).toBe(404);
    expect(seen(await journeys(marketer, 'GET', `/${id}/instances/abc`)).status).toBe(404);
    // An instance of another journey is not found through this one.
    expect(seen(await journeys(marketer, 'GET', `/${id + 100000}/instances/${a.id}`)).status).toBe(404);
  });

  test('archive needs a reason, ends every running instance (reason archived) through the runtime, and is final', async () => {
    const noReason = seen(await journeys(marketer, 'POST', `/${id}/archive`));
    expect(noReason.status).toBe(400);
    expect(noReason.body.problems[0]).toMatchObject({ code: 'reasonRequired', path: 'reason' });
    const archived = seen(await journeys(marketer, 'POST', `/${id}/archive`, { reason: '캠페인 종료' }));
    expect(archived.body).toMatchObject({ ok: true, status: 'ARCHIVED', instancesEnded: 2, runtime: 'notified' });
    expect(await rows('SELECT customer_id FROM journey_instance WHERE journey_id = ? AND active = 1', [id])).toEqual([]);
    const ends = await rows<{ end_reason: string; n: number }>('SELECT end_reason, COUNT(*) n FROM journey_instance WHERE journey_id = ? GROUP BY end_reason ORDER BY end_reason', [
      id,
    ]);
    expect(ends.map((e) => [e.end_reason, Number(e.n)])).toEqual([
      ['archived', 2],
      ['goalReached', 1],
    ]);
    const counters = seen(await journeys(marketer, 'GET', `/${id}/counters`));
    expect(counters.body.blocks.find((b: any) => b.nodeId === 'wait')).toMatchObject({ waitingNow: 0, exited: { archived: 2 } });

    for (const [method, path, body] of [
      ['POST', 'publish'],
      ['POST', 'resume'],
      ['POST', 'pause'],
      ['POST', 'archive', { reason: 'again' }],
      ['PUT', 'draft', { definition: definition() }],
    ] as const) {
      const r = seen(await journeys(marketer, method, `/${id}/${path}`, body));
      expect(r.status).toBe(409);
    }
    const late = seen(await start(token, id, { customerNo: customers.C!.no, requestId: `req-late-${tag}` }));
    expect(late.status).toBe(409);
    expect(seen(await journeys(marketer, 'DELETE', `/${id}`)).status).toBe(409);

    const detail = seen(await journeys(compliance, 'GET', `/${id}`));
    expect(detail.body).toMatchObject({ status: 'ARCHIVED', statusReason: '캠페인 종료', canEdit: false, canPublish: false, published: { version: 2 } });
    expect(detail.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(detail.body.history.map((h: any) => h.action)).toEqual(['create', 'publish', 'pause', 'resume', 'publish', 'archive']);
    expect(detail.body.history[5]).toMatchObject({ by: 'marketer@demo.bank', detail: 'PUBLISHED -> ARCHIVED; 캠페인 종료' });
    const audit = await rows<{ action: string }>("SELECT action FROM audit_log WHERE resource = 'Journey' AND record_id = ? AND action LIKE 'journey.%' ORDER BY id", [String(id)]);
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(['journey.create', 'journey.draft', 'journey.publish', 'journey.pause', 'journey.resume', 'journey.archive', 'journey.instances', 'journey.instanceView']),
    );
  });
});

describe('the list, names and deleting drafts', () => {
  test('names are unique (409), a never-published draft may be deleted, the list filters by status', async () => {
    const name = `목록 ${tag}`;
    const first = seen(await journeys(marketer, 'POST', '/', { name }));
    expect(first.status).toBe(201);
    expect(first.body.problems).toEqual([]);
    const dup = seen(await journeys(marketer, 'POST', '/', { name }));
    expect(dup.status).toBe(409);
    expect(dup.body.problems[0]).toMatchObject({ code: 'nameTaken', path: 'name' });
    const bad = seen(await journeys(marketer, 'POST', '/', { name: '', definition: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: any) => p.code)).toEqual(['nameInvalid', 'definitionRequired']);

    const drafts = seen(await journeys(marketer, 'GET', '/?status=DRAFT'));
    expect(drafts.body.journeys.map((j: any) => j.name)).toContain(name);
    expect(drafts.body.journeys.every((j: any) => j.status === 'DRAFT')).toBe(true);
    expect(seen(await journeys(marketer, 'GET', '/?status=GONE')).status).toBe(400);

    expect(seen(await journeys(marketer, 'DELETE', `/${first.body.id}`)).body).toEqual({ ok: true, deleted: true });
    expect(await rows('SELECT id FROM journey WHERE id = ?', [first.body.id])).toEqual([]);
    expect(seen(await journeys(marketer, 'GET', `/${first.body.id}`)).status).toBe(404);
    expect(seen(await journeys(marketer, 'GET', '/notanumber')).status).toBe(404);
  });
});

describe('bank systems: the start route', () => {
  let journeyId: number;
  let other: number;
  let token: string;

  beforeAll(async () => {
    const make = async (name: string, def: unknown) => {
      const c = await journeys(marketer, 'POST', '/', { name, definition: def });
      expect((await journeys(marketer, 'POST', `/${c.body.id}/publish`)).body.ok).toBe(true);
      return c.body.id as number;
    };
    journeyId = await make(`API ${tag}`, definition());
    other = await make(`이벤트 ${tag}`, { ...definition(), entry: { type: 'event', eventType: 'app.login' } });
    token = (await tokens(admin, 'POST', '/', { name: `app backend ${tag}`, journeyIds: [journeyId, other] })).body.token;
  });

  test('a journey that is not entered through the API, an unknown customer and bad bodies are refused, and say why', async () => {
    const notApi = seen(await start(token, other, { customerNo: customers.B!.no, requestId: 'r1' }));
    expect(notApi.status).toBe(409);
    expect(notApi.body.problems[0]).toMatchObject({ code: 'notApiEntry', params: { entry: 'event' } });
    const unknown = seen(await start(token, journeyId, { customerNo: 'NOBODY0001', requestId: 'r2' }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.problems[0].code).toBe('customerNotFound');
    for (const body of [
      { customerNo: customers.B!.no },
      { customerNo: customers.B!.no, requestId: '' },
      { customerNo: customers.B!.no, requestId: 'a b' },
      { customerNo: customers.B!.no, requestId: 'x'.repeat(101) },
      { requestId: 'r3' },
      { customerNo: "x' OR 1=1 --", requestId: 'r4' },
    ]) {
      const r = seen(await start(token, journeyId, body));
      expect(r.status).toBe(400);
    }
    const raw = seen(
      await new HttpClient(console_.base).request(`/service-api/journeys/${journeyId}/start`, {
        method: 'POST',
        raw: '{"customerNo": ',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      }),
    );
    expect(raw.status).toBe(400);
    expect(raw.body.problems[0].code).toBe('jsonRequired');
    const form = seen(
      await new HttpClient(console_.base).request(`/service-api/journeys/${journeyId}/start`, {
        method: 'POST',
        raw: 'customerNo=1&requestId=2',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(form.status).toBe(400);
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id IN (?, ?)', [journeyId, other])).toEqual([]);
  });

  test('a customer already running is not started again (the entry rules answer), a new request id does not change that', async () => {
    const first = seen(await start(token, journeyId, { customerNo: customers.B!.no, requestId: 'once-1' }));
    expect(first.status).toBe(201);
    const second = seen(await start(token, journeyId, { customerNo: customers.B!.no, requestId: 'once-2' }));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ ok: true, instanceId: null, started: false, repeated: false, reason: 'alreadyActive' });
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id = ?', [journeyId])).toHaveLength(1);
  });

  test('every call is in the audit log with the token as actor, never its secret', async () => {
    const tokenRow = await one<{ id: number; token_prefix: string; token_hash: string }>('SELECT id, token_prefix, token_hash FROM service_token WHERE name = ?', [
      `app backend ${tag}`,
    ]);
    const calls = await rows<{ actor_email: string; actor_role: string; detail: string; record_id: string }>(
      "SELECT actor_email, actor_role, detail, record_id FROM audit_log WHERE action = 'serviceToken.call' AND actor_email = ? ORDER BY id",
      [`service-token:${tokenRow.id}:${tokenRow.token_prefix}`],
    );
    expect(calls.length).toBeGreaterThanOrEqual(12);
    expect(calls.every((c) => c.actor_role === 'service')).toBe(true);
    expect(calls.map((c) => c.detail.split(' ')[0])).toEqual(expect.arrayContaining(['409', '404', '400', '201', '200']));
    expect(calls.find((c) => c.detail.startsWith('201'))!.detail).toMatch(
      new RegExp(`^201 started instance \\d+; journey ${journeyId}; customer ${customers.B!.no}; request once-1$`),
    );
    const secret = token.split('_').slice(2).join('_');
    for (const c of calls) {
      expect(c.detail).not.toContain(secret);
      expect(c.detail).not.toContain(tokenRow.token_hash);
    }
  });

  test('the platform console carries the runtime: publishing notifies it and a bank system starts an instance through it', async () => {
    const m = await HttpClient.loggedIn(baseUrl(), 'marketer');
    const created = seen(await m.request('/admin/api/journeys', { method: 'POST', json: { name: `platform runtime ${tag}`, definition: definition() } }));
    const jid = created.body.id;
    const published = seen(await m.request(`/admin/api/journeys/${jid}/publish`, { method: 'POST', json: {} }));
    expect(published.body).toMatchObject({ ok: true, version: 1, runtime: 'notified' });
    const t = (await tokens(admin, 'POST', '/', { name: `platform runtime ${tag}`, journeyIds: [jid] })).body.token;
    const r = seen(
      await new HttpClient(baseUrl()).request(`/service-api/journeys/${jid}/start`, {
        method: 'POST',
        json: { customerNo: customers.A!.no, requestId: 'p1' },
        headers: { authorization: `Bearer ${t}` },
      }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ started: true });
    const [instance] = await rows<{ id: string; journey_id: number }>('SELECT id, journey_id FROM journey_instance WHERE id = ?', [r.body.instanceId]);
    expect(Number(instance.journey_id)).toBe(jid);
    const archived = seen(await m.request(`/admin/api/journeys/${jid}/archive`, { method: 'POST', json: { reason: 'x' } }));
    expect(archived.body).toMatchObject({ ok: true, status: 'ARCHIVED', runtime: 'notified' });
  });
});

describe('publishing checks the message templates', () => {
  /** start -> one send block per case -> exit. */
  const sends = (blocks: Array<[id: string, channel: TemplateChannel, templateId: number]>) => ({
    version: 1,
    entry: { type: 'api' },
    reEntry: { kind: 'once' },
    nodes: [
      { id: 'start', type: 'start', next: blocks[0]![0] },
      ...blocks.map(([nodeId, channel, templateId], i) => ({ id: nodeId, type: 'sendMessage', channel, templateId, next: blocks[i + 1]?.[0] ?? 'done' })),
      { id: 'done', type: 'exit' },
    ],
  });
  const DAY = 86_400_000;

  test('a missing template, one of another channel, a draft-only one and an expired review: the draft saves with them, publishing is refused with one problem per block', async () => {
    const draftOnly = await insertTestTemplate(db, { channel: 'push', status: 'DRAFT' });
    const expired = await insertTestTemplate(db, { channel: 'sms', validFrom: new Date(Date.now() - 400 * DAY), validUntil: new Date(Date.now() - DAY) });
    const later = await insertTestTemplate(db, { channel: 'sms', validFrom: new Date(Date.now() + 30 * DAY), validUntil: new Date(Date.now() + 400 * DAY) });
    const def = sends([
      ['missing', 'sms', 987654321],
      ['wrong-channel', 'sms', templates.email],
      ['draft-only', 'push', draftOnly],
      ['expired', 'sms', expired],
      ['not-yet', 'sms', later],
      ['fine', 'push', templates.push],
    ]);
    const created = seen(await journeys(marketer, 'POST', '/', { name: `템플릿 점검 ${tag}`, definition: def }));
    expect(created.status).toBe(201);
    const expected = [
      ['templateNotFound', 'missing', 'nodes.1.templateId'],
      ['templateWrongChannel', 'wrong-channel', 'nodes.2.templateId'],
      ['templateNotApproved', 'draft-only', 'nodes.3.templateId'],
      ['templateReviewExpired', 'expired', 'nodes.4.templateId'],
      ['templateReviewNotYetValid', 'not-yet', 'nodes.5.templateId'],
    ];
    const where = (ps: any[]) => ps.map((p) => [p.code, p.nodeId, p.path]);
    expect(where(created.body.problems)).toEqual(expected);
    const validated = seen(await journeys(marketer, 'POST', '/validate', { definition: def }));
    expect(validated.body.valid).toBe(false);
    expect(where(validated.body.problems)).toEqual(expected);

    const refused = seen(await journeys(marketer, 'POST', `/${created.body.id}/publish`));
    expect(refused.status).toBe(400);
    expect(where(refused.body.problems)).toEqual(expected);
    const by = (code: string) => refused.body.problems.find((p: any) => p.code === code);
    expect(by('templateWrongChannel')).toMatchObject({ params: { id: templates.email, templateChannel: 'email', channel: 'sms' } });
    expect(by('templateWrongChannel').message).toEqual({
      en: `message template ${templates.email} is for email; this block sends sms`,
      ko: `메시지 템플릿 ${templates.email}은(는) email 채널용입니다. 이 블록의 채널은 sms입니다`,
    });
    expect(by('templateNotFound').message.ko).toBe('메시지 템플릿 987654321이(가) 없습니다');
    expect(by('templateNotApproved').message.ko).toMatch(/승인된 버전이 없습니다/);
    expect(by('templateReviewExpired').params).toMatchObject({
      id: expired,
      reviewNumber: expect.stringMatching(/심의필/),
      validUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(by('templateReviewExpired').message.en).toMatch(/ended on \d{4}-\d{2}-\d{2}/);
    expect(by('templateReviewNotYetValid').message.ko).toMatch(/부터 유효합니다/);
    expect(await one('SELECT status, published_version_id FROM journey WHERE id = ?', [created.body.id])).toEqual({ status: 'DRAFT', published_version_id: null });
    expect(await rows('SELECT id FROM journey_version WHERE journey_id = ?', [created.body.id])).toEqual([]);

    // Fixed: every block on a sendable template of its channel, and it publishes.
    const fixed = sends([
      ['missing', 'sms', templates.sms],
      ['fine', 'push', templates.push],
    ]);
    expect(seen(await journeys(marketer, 'PUT', `/${created.body.id}/draft`, { definition: fixed })).body).toEqual({ ok: true, problems: [] });
    expect(seen(await journeys(marketer, 'POST', `/${created.body.id}/publish`)).body).toMatchObject({ ok: true, version: 1 });
  });

  test("an id of an older revision publishes when its lineage's newest approved revision may be sent (what the channel sends)", async () => {
    const name = `lineage ${tag}`;
    const r1 = await insertTestTemplate(db, { channel: 'sms', name, status: 'RETIRED' });
    const [r2] = (await db.query(
      `INSERT INTO message_template (name, channel, kind, status, revision, previous_revision_id, definition, problems, review_number, valid_from, valid_until)
       SELECT name, channel, kind, 'APPROVED', 2, id, definition, '[]', '심의필 제2026-900호', ?, ? FROM message_template WHERE id = ?`,
      [new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY), r1],
    )) as any;
    expect(Number(r2.insertId)).toBeGreaterThan(r1);
    const c = seen(await journeys(marketer, 'POST', '/', { name: `계보 ${tag}`, definition: sends([['s', 'sms', r1]]) }));
    expect(c.body.problems).toEqual([]);
    expect(seen(await journeys(marketer, 'POST', `/${c.body.id}/publish`)).body).toMatchObject({ ok: true, version: 1 });
  });

  test('resuming a paused journey is refused (409) while a template it sends has lost its review, and allowed once renewed', async () => {
    const t = await insertTestTemplate(db, { channel: 'sms' });
    const c = seen(await journeys(marketer, 'POST', '/', { name: `재개 점검 ${tag}`, definition: sends([['notice', 'sms', t]]) }));
    expect(seen(await journeys(marketer, 'POST', `/${c.body.id}/publish`)).body).toMatchObject({ ok: true, status: 'PUBLISHED' });
    expect(seen(await journeys(marketer, 'POST', `/${c.body.id}/pause`, { reason: '심의 갱신' })).body).toMatchObject({ ok: true, status: 'PAUSED' });

    await db.query('UPDATE message_template SET valid_until = ? WHERE id = ?', [new Date(Date.now() - DAY), t]);
    const refused = seen(await journeys(marketer, 'POST', `/${c.body.id}/resume`));
    expect(refused.status).toBe(409);
    expect(refused.body.problems.map((p: any) => [p.code, p.nodeId])).toEqual([['templateReviewExpired', 'notice']]);
    expect((await one('SELECT status FROM journey WHERE id = ?', [c.body.id])).status).toBe('PAUSED');

    await db.query('UPDATE message_template SET valid_until = ? WHERE id = ?', [new Date(Date.now() + 30 * DAY), t]);
    expect(seen(await journeys(marketer, 'POST', `/${c.body.id}/resume`)).body).toMatchObject({ ok: true, status: 'PUBLISHED' });
  });
});

describe('every answer', () => {
  test('carries no stack trace, no SQL and no token hash', async () => {
    const hashes = (await rows<{ token_hash: string }>('SELECT token_hash FROM service_token')).map((r) => r.token_hash);
    expect(answers.length).toBeGreaterThan(50);
    for (const a of answers) {
      expect(a.text).not.toMatch(/\.(?:ts|js):\d+:\d+/);
      expect(a.text).not.toMatch(/\b(SELECT|INSERT INTO|DELETE FROM|ER_[A-Z_]+)\b/);
      for (const h of hashes) expect(a.text).not.toContain(h);
    }
  });
});
