import type { Connection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { testDb, queries } from '../support/db.js';
import { stamp } from '../support/unique.js';
import { testEnv } from '../support/test-env.js';
import { HttpClient, startJourneyConsole, type JourneyConsole, type JsonReply } from '../support/journey-console.js';
import { overRate } from '../../admin/service-api/service-api.js';

/**
 * Attacks on the journey API and the service API, with each role's real
 * session and with bank-system tokens over HTTP, against the console that
 * runs journeys (test/support/journey-console.ts): every journey route for
 * roles without the grant, writes by roles that only read, token management
 * by anyone but an administrator, a console session on the machine route,
 * malformed, foreign, revoked and out-of-scope tokens, replayed request ids,
 * the Origin exemption's edges, and what every refusal lets out.
 */
const roles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
type Role = (typeof roles)[number];
let db: Connection;
const { rows, one } = queries(() => db);
let c: JourneyConsole;
let as: Record<Role, HttpClient>;
const tag = `x${stamp()}`;
const answers: JsonReply[] = [];
const seen = <T extends JsonReply>(r: T): T => (answers.push(r), r);

let live: number; // PUBLISHED, API entry, one instance
let draft: number; // DRAFT
let elsewhere: number; // PUBLISHED, API entry, outside the attacker's token
let instanceId: string;
let customerNo: string;
let otherCustomerNo: string;
let token: { id: number; plain: string; prefix: string };
let outside: { id: number; plain: string };

const definition = {
  version: 1,
  entry: { type: 'api' },
  nodes: [
    { id: 'start', type: 'start', next: 'wait' },
    { id: 'wait', type: 'waitDuration', duration: 'P3D', next: 'done' },
    { id: 'done', type: 'exit' },
  ],
};

const journeyApi = (client: HttpClient, method: string, path: string, json?: unknown) =>
  client.request(`/admin/api/journeys${path}`, { method, json: method === 'GET' || method === 'DELETE' ? undefined : (json ?? {}) });
const tokenApi = (client: HttpClient, method: string, path: string, json?: unknown) =>
  client.request(`/admin/api/service-tokens${path}`, { method, json: method === 'GET' ? undefined : (json ?? {}) });
const call = (journeyId: number | string, headers: Record<string, string>, body: unknown = { customerNo, requestId: `r-${stamp()}` }) =>
  new HttpClient(c.base).request(`/service-api/journeys/${journeyId}/start`, { method: 'POST', json: body, headers });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  db = await testDb();
  c = await startJourneyConsole();
  const clients = await Promise.all(roles.map((r) => HttpClient.loggedIn(c.base, r)));
  as = Object.fromEntries(roles.map((r, i) => [r, clients[i]!])) as Record<Role, HttpClient>;
  const make = async (name: string, publish: boolean) => {
    const r = await journeyApi(as.marketer, 'POST', '/', { name, definition });
    if (publish) expect((await journeyApi(as.marketer, 'POST', `/${r.body.id}/publish`)).body.ok).toBe(true);
    return r.body.id as number;
  };
  live = await make(`공격 live ${tag}`, true);
  draft = await make(`공격 draft ${tag}`, false);
  elsewhere = await make(`공격 elsewhere ${tag}`, true);
  const [a, b] = await rows<{ customer_no: string }>("SELECT customer_no FROM customer WHERE status = 'ACTIVE' ORDER BY id DESC LIMIT 2");
  customerNo = a!.customer_no;
  otherCustomerNo = b!.customer_no;
  const issued = (await tokenApi(as.admin, 'POST', '/', { name: `attack ${tag}`, journeyIds: [live] })).body;
  token = { id: issued.id, plain: issued.token, prefix: issued.prefix };
  const o = (await tokenApi(as.admin, 'POST', '/', { name: `elsewhere ${tag}`, journeyIds: [elsewhere] })).body;
  outside = { id: o.id, plain: o.token };
  const started = await call(live, bearer(token.plain), { customerNo, requestId: `seed-${tag}` });
  expect(started.status).toBe(201);
  instanceId = started.body.instanceId;
}, 240_000);
afterAll(async () => {
  await c?.stop();
  await db?.end();
});

/** Every journey route, with a body a marketer could send. */
const routes = (): Array<{ method: string; path: string; body?: unknown; write: boolean }> => [
  { method: 'GET', path: '/', write: false },
  { method: 'POST', path: '/', body: { name: `attacker ${stamp()}`, definition }, write: true },
  { method: 'POST', path: '/validate', body: { definition }, write: false },
  { method: 'GET', path: `/${live}`, write: false },
  { method: 'PUT', path: `/${draft}/draft`, body: { definition: { ...definition, nodes: [] } }, write: true },
  { method: 'DELETE', path: `/${draft}`, write: true },
  { method: 'POST', path: `/${draft}/publish`, write: true },
  { method: 'POST', path: `/${live}/pause`, write: true },
  { method: 'POST', path: `/${live}/resume`, write: true },
  { method: 'POST', path: `/${live}/archive`, body: { reason: 'attack' }, write: true },
  { method: 'GET', path: `/${live}/counters`, write: false },
  { method: 'GET', path: `/${live}/instances`, write: false },
  { method: 'GET', path: `/${live}/instances/${instanceId}`, write: false },
];

const stateOf = async () => ({
  journeys: await rows('SELECT id, name, status, draft_definition, published_version FROM journey WHERE id IN (?) ORDER BY id', [[live, draft, elsewhere]]),
  versions: Number((await one('SELECT COUNT(*) n FROM journey_version')).n),
  count: Number((await one('SELECT COUNT(*) n FROM journey')).n),
});

describe('roles without journeys', () => {
  test.each(['banker', 'product'] as const)('%s gets 403 on every journey route and changes nothing', async (role) => {
    const before = await stateOf();
    for (const r of routes()) {
      const reply = seen(await journeyApi(as[role], r.method, r.path, r.body));
      expect([r.method, r.path, reply.status]).toEqual([r.method, r.path, 403]);
      expect(reply.body).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'forbidden', message: { en: expect.any(String), ko: expect.any(String) } })] });
    }
    expect(await stateOf()).toEqual(before);
  });

  test('without a session every journey route answers 401', async () => {
    for (const r of routes()) expect(seen(await journeyApi(new HttpClient(c.base), r.method, r.path, r.body)).status).toBe(401);
  });
});

describe('roles that read journeys', () => {
  test.each(['compliance', 'manager', 'admin'] as const)('%s reads every view but every write is 403 and changes nothing', async (role) => {
    const before = await stateOf();
    for (const r of routes()) {
      const reply = seen(await journeyApi(as[role], r.method, r.path, r.body));
      expect([r.method, r.path, reply.status]).toEqual([r.method, r.path, r.write ? 403 : 200]);
    }
    expect(await stateOf()).toEqual(before);
    const detail = seen(await journeyApi(as[role], 'GET', `/${live}`));
    expect(detail.body).toMatchObject({ canEdit: false, canPublish: false });
  });
});

describe('service tokens are managed by administrators only', () => {
  test.each(['marketer', 'compliance', 'manager', 'banker', 'product'] as const)('%s may not list, issue or revoke tokens', async (role) => {
    const before = await rows('SELECT id, revoked_at FROM service_token ORDER BY id');
    expect(seen(await tokenApi(as[role], 'GET', '/')).status).toBe(403);
    expect(seen(await tokenApi(as[role], 'POST', '/', { name: 'mine', journeyIds: [live] })).status).toBe(403);
    expect(seen(await tokenApi(as[role], 'POST', `/${token.id}/revoke`)).status).toBe(403);
    expect(await rows('SELECT id, revoked_at FROM service_token ORDER BY id')).toEqual(before);
  });

  test('the list never carries a secret or a hash; bad input is a 400 naming the field', async () => {
    const list = seen(await tokenApi(as.admin, 'GET', '/'));
    expect(list.status).toBe(200);
    const mine = list.body.tokens.find((t: any) => t.id === token.id);
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'createdBy', 'id', 'journeyIds', 'lastUsedAt', 'name', 'prefix', 'revokedAt']);
    expect(mine).toMatchObject({ prefix: token.prefix, journeyIds: [live], createdBy: 'admin@demo.bank', revokedAt: null });
    const stored = await one<{ token_hash: string }>('SELECT token_hash FROM service_token WHERE id = ?', [token.id]);
    expect(list.text).not.toContain(stored.token_hash);
    expect(list.text).not.toContain(token.plain.slice(13));
    const bad = seen(await tokenApi(as.admin, 'POST', '/', { name: '', journeyIds: ['1; DROP TABLE journey'] }));
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: any) => p.path)).toEqual(['name', 'journeyIds']);
    const unknown = seen(await tokenApi(as.admin, 'POST', '/', { name: 'ghost', journeyIds: [999999999] }));
    expect(unknown.body.problems[0]).toMatchObject({ code: 'unknownJourneys', params: { ids: '999999999' } });
    expect(seen(await tokenApi(as.admin, 'POST', '/999999/revoke')).status).toBe(404);
  });
});

describe('the machine route', () => {
  test('a console session cookie does not authenticate it, whatever the role', async () => {
    for (const role of roles) {
      const cookie = as[role].cookie!;
      const r = seen(await call(live, { cookie }));
      expect(r.status).toBe(401);
      expect(r.body.problems[0].code).toBe('tokenMissing');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="service-api"');
      // The cookie's value as a bearer is no token either.
      expect(seen(await call(live, { cookie, authorization: `Bearer ${cookie.split('=')[1]}` })).status).toBe(401);
    }
  });

  test('malformed, forged and unknown bearers are 401 and start nothing', async () => {
    const secret = token.plain.slice(`bct_${token.prefix}_`.length);
    const forgedSecret = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const attempts: Array<[string, Record<string, string>, string]> = [
      ['no header', {}, 'tokenMissing'],
      ['empty bearer', { authorization: 'Bearer ' }, 'tokenMalformed'],
      ['basic scheme', { authorization: `Basic ${Buffer.from(`x:${token.plain}`).toString('base64')}` }, 'tokenMalformed'],
      ['token without scheme', { authorization: token.plain }, 'tokenMalformed'],
      ['two tokens', { authorization: `Bearer ${token.plain} ${token.plain}` }, 'tokenMalformed'],
      ['truncated', bearer(token.plain.slice(0, -1)), 'tokenMalformed'],
      ['wrong secret, right prefix', bearer(`bct_${token.prefix}_${forgedSecret}`), 'tokenInvalid'],
      ['right secret, unknown prefix', bearer(`bct_00000000_${secret}`), 'tokenInvalid'],
      [
        'the stored hash as the secret',
        bearer(`bct_${token.prefix}_${(await one('SELECT token_hash h FROM service_token WHERE id = ?', [token.id])).h.slice(0, 43)}`),
        'tokenInvalid',
      ],
    ];
    const before = Number((await one('SELECT COUNT(*) n FROM journey_instance WHERE journey_id = ?', [live])).n);
    for (const [what, headers, code] of attempts) {
      const r = seen(await call(live, headers, { customerNo: otherCustomerNo, requestId: `forged-${stamp()}` }));
      expect([what, r.status, r.body.problems[0].code]).toEqual([what, 401, code]);
    }
    expect(Number((await one('SELECT COUNT(*) n FROM journey_instance WHERE journey_id = ?', [live])).n)).toBe(before);
  });

  test('a token starts only the journeys of its scope: another journey (existing or not) is 403 before anything is read', async () => {
    for (const target of [elsewhere, draft, 999999999, 'abc']) {
      const r = seen(await call(target, bearer(token.plain), { customerNo: otherCustomerNo, requestId: `scope-${stamp()}` }));
      expect(r.status).toBe(403);
      expect(r.body.problems[0].code).toBe('outOfScope');
    }
    // The other token is just as confined.
    expect(seen(await call(live, bearer(outside.plain), { customerNo: otherCustomerNo, requestId: `scope-${stamp()}` })).status).toBe(403);
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id = ?', [elsewhere])).toEqual([]);
  });

  test('a repeated request id returns the first instance and starts nothing; the same id under another token is another request', async () => {
    const requestId = `replay-${tag}`;
    const first = seen(await call(live, bearer(token.plain), { customerNo: otherCustomerNo, requestId }));
    expect(first.status).toBe(201);
    const replays = await Promise.all([1, 2, 3, 4, 5].map(() => call(live, bearer(token.plain), { customerNo: otherCustomerNo, requestId })));
    for (const r of replays.map(seen)) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ ok: true, instanceId: first.body.instanceId, started: false, repeated: true });
    }
    // Replayed with another customer: still the first instance (the request id is the key, not the body).
    const swapped = seen(await call(live, bearer(token.plain), { customerNo, requestId }));
    expect(swapped.body).toMatchObject({ instanceId: first.body.instanceId, repeated: true });
    expect(await rows('SELECT id FROM journey_instance WHERE journey_id = ? AND entry_key = ?', [live, `api:${token.id}:${requestId}`])).toHaveLength(1);

    const second = (await tokenApi(as.admin, 'POST', '/', { name: `second ${tag}`, journeyIds: [live] })).body;
    const other = seen(await call(live, bearer(second.token), { customerNo: otherCustomerNo, requestId }));
    expect(other.body).toMatchObject({ started: false, repeated: false, reason: 'alreadyActive' });
  });

  test('a revoked token is 401 from then on; revoking twice is 409', async () => {
    const t = (await tokenApi(as.admin, 'POST', '/', { name: `revoked ${tag}`, journeyIds: [live] })).body;
    expect(seen(await call(live, bearer(t.token), { customerNo: otherCustomerNo, requestId: `rv-${stamp()}` })).status).toBe(200); // running already: not started, but accepted
    const revoked = seen(await tokenApi(as.admin, 'POST', `/${t.id}/revoke`));
    expect(revoked.body).toMatchObject({ ok: true, id: t.id });
    const r = seen(await call(live, bearer(t.token), { customerNo: otherCustomerNo, requestId: `rv-${stamp()}` }));
    expect(r.status).toBe(401);
    expect(r.body.problems[0].code).toBe('tokenRevoked');
    expect(seen(await tokenApi(as.admin, 'POST', `/${t.id}/revoke`)).status).toBe(409);
    const audit = await rows<{ action: string; actor_email: string; detail: string }>(
      "SELECT action, actor_email, detail FROM audit_log WHERE resource = 'ServiceToken' AND record_id = ? ORDER BY id",
      [String(t.id)],
    );
    expect(audit.map((a) => [a.action, a.actor_email])).toEqual([
      ['serviceToken.create', 'admin@demo.bank'],
      ['serviceToken.revoke', 'admin@demo.bank'],
    ]);
  });

  test('the Origin exemption covers exactly a bearer POST to the start route', async () => {
    const evil = { origin: 'https://evil.example' };
    // A bank system behind a proxy that adds an Origin: the bearer route is not a cookie's, so it passes.
    const machine = seen(await call(live, { ...evil, ...bearer(token.plain) }, { customerNo: otherCustomerNo, requestId: `origin-${stamp()}` }));
    expect(machine.status).toBe(200);
    // No bearer: the Origin check answers first.
    expect(seen(await call(live, evil)).status).toBe(403);
    // Another path under /service-api, or the console's API with a bearer and a cookie: not exempt.
    const extra = seen(await new HttpClient(c.base).request(`/service-api/journeys/${live}/start/x`, { method: 'POST', json: {}, headers: { ...evil, ...bearer(token.plain) } }));
    expect(extra.status).toBe(403);
    const consoleWrite = seen(await as.marketer.request(`/admin/api/journeys/${live}/pause`, { method: 'POST', json: {}, headers: { ...evil, ...bearer(token.plain) } }));
    expect(consoleWrite.status).toBe(403);
    expect((await one('SELECT status FROM journey WHERE id = ?', [live])).status).toBe('PUBLISHED');
    // Other methods and paths of the machine API: JSON 404s, never the console.
    expect(seen(await new HttpClient(c.base).request(`/service-api/journeys/${live}/start`, { headers: bearer(token.plain) })).status).toBe(404);
    expect(seen(await new HttpClient(c.base).request('/service-api/admin', { headers: bearer(token.plain) })).status).toBe(404);
  });

  test('every call, refused or accepted, is audited with the token (or "?") as actor and never a secret', async () => {
    const calls = await rows<{ actor_email: string; actor_role: string; detail: string }>(
      "SELECT actor_email, actor_role, detail FROM audit_log WHERE action = 'serviceToken.call' AND (detail LIKE ? OR detail LIKE ? OR detail LIKE ?)",
      [`%journey ${live}%`, `%journey ${elsewhere}%`, `%journey ${draft}%`],
    );
    expect(calls.length).toBeGreaterThan(30);
    expect(new Set(calls.map((a) => a.actor_role))).toEqual(new Set(['service']));
    const actors = new Set(calls.map((a) => a.actor_email));
    expect(actors).toContain(`service-token:${token.id}:${token.prefix}`);
    expect(actors).toContain('service-token:?');
    expect(actors).toContain(`service-token:?:${token.prefix}`); // the forged secret: the prefix is named, not the token
    expect(actors).toContain('service-token:?:00000000');
    const statuses = new Set(calls.map((a) => a.detail.split(' ')[0]));
    for (const s of ['200', '201', '401', '403']) expect(statuses).toContain(s);
    const secrets = (await rows<{ token_hash: string }>('SELECT token_hash FROM service_token')).map((r) => r.token_hash);
    for (const a of calls) {
      expect(a.detail).not.toContain(token.plain.slice(13));
      for (const h of secrets) expect(a.detail).not.toContain(h);
    }
  });

  test('the rate window per token refuses past its limit until the next minute', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const key = `${testEnv.queuePrefix}:service-rate:test-${tag}`;
      const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 15_000);
      const waits = [];
      for (let i = 0; i < 4; i++) waits.push(await overRate(redis, key, 3, at));
      expect(waits).toEqual([0, 0, 0, 45]);
      expect(await overRate(redis, key, 3, new Date(at.getTime() + 60_000))).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('what refusals let out', () => {
  test('no answer carries a stack trace, SQL or token material', async () => {
    const hashes = (await rows<{ token_hash: string }>('SELECT token_hash FROM service_token')).map((r) => r.token_hash);
    expect(answers.length).toBeGreaterThan(100);
    for (const a of answers) {
      expect(a.text).not.toMatch(/\.(?:ts|js):\d+:\d+/);
      expect(a.text).not.toMatch(/\b(SELECT|INSERT INTO|DELETE FROM|ER_[A-Z_]+|sqlMessage)\b/);
      for (const h of hashes) expect(a.text).not.toContain(h);
      expect(a.text).not.toContain(token.plain);
    }
  });
});
