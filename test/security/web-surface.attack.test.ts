import http from 'node:http';
import { readdirSync } from 'node:fs';
import express from 'express';
import type { Connection } from 'mysql2/promise';
import { testDb, queries } from '../support/db.js';
import { baseUrl, platformTmpDir, testEnv } from '../support/test-env.js';
import { stamp } from '../support/unique.js';
import { definitionToGraph } from '../../builder/segment/definition-to-graph.js';
import { securityHeaders } from '../../admin/http/security-headers.js';

/**
 * The console's HTTP surface attacked over HTTP, against the running
 * platform: bodies read only after the session check and within limits, no
 * file ever written by an upload, security headers, a foreign Origin
 * refused, and malformed or deeply nested input answered with a 400 that
 * names the problem. Requests are sent with node:http, so a test controls
 * every header and can leave a body unfinished.
 */
let db: Connection;
const { one } = queries(() => db);
const origin = baseUrl();
let banker: string;
let marketer: string;
let customerId: number;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request. With `declaredLength` larger than the body, the body is sent
 * but never finished: the answer can only come from a server that did not
 * wait to read it.
 */
function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string; declaredLength?: number } = {}): Promise<Answer> {
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (body) headers['content-length'] = String(init.declaredLength ?? body.length);
    const req = http.request(`${baseUrl()}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() });
        req.destroy();
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    if (init.declaredLength === undefined) req.end();
  });
}

/** A session cookie from the real login form. */
async function logIn(role: string): Promise<string> {
  const r = await send('/admin/login', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ email: `${role}@demo.bank`, password: testEnv.demoPassword }).toString(),
  });
  expect(r.status).toBe(302);
  return String(r.headers['set-cookie']![0]).split(';')[0]!;
}

/** multipart/form-data as a browser's FormData sends it; a part with `filename` is a file. */
function multipart(parts: Array<{ name: string; value: string | Buffer; filename?: string }>): { body: Buffer; type: string } {
  const boundary = `----attack${stamp()}`;
  const pieces = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`,
    ),
    Buffer.from(p.value),
    Buffer.from('\r\n'),
  ]);
  return { body: Buffer.concat([...pieces, Buffer.from(`--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

/** What is in the platform's TMPDIR (where an upload parser would write). */
const tmpEntries = () => new Set(readdirSync(platformTmpDir));
const newEntries = (before: Set<string>) => [...tmpEntries()].filter((e) => !before.has(e));

const editPath = () => `/admin/api/resources/Customer/records/${customerId}/edit`;
const segmentLabel = async () => (await one<{ segment_label: string | null }>('SELECT segment_label FROM customer WHERE id = ?', [customerId])).segment_label;
const noStackTrace = (body: string) => {
  expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
};

beforeAll(async () => {
  db = await testDb();
  [banker, marketer] = await Promise.all([logIn('banker'), logIn('marketer')]);
  const [res] = (await db.query(
    `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, consent_sms, birth_date, segment_label) VALUES (?, '웹공격고객', 'ACTIVE', 'SEOUL', 'LOW', 'web', 0, '1980-01-01', 'before')`,
    [`W${stamp()}`.slice(0, 20)],
  )) as any;
  customerId = Number(res.insertId);
});

afterAll(async () => {
  await db?.end();
});

describe('request bodies are read only after the session check', () => {
  test('an unauthenticated multipart upload is answered before its body is read, and leaves no file', async () => {
    const before = tmpEntries();
    const upload = multipart([
      { name: 'segmentLabel', value: 'x' },
      { name: 'doc', value: Buffer.alloc(64 * 1024, 1), filename: 'a.pdf' },
    ]);
    // 8 MB announced, 64 KB sent, never finished: only a server that did not wait for the body can answer.
    const r = await send(editPath(), { headers: { 'content-type': upload.type }, body: upload.body, declaredLength: 8 * 1024 * 1024 });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/admin/login');
    // A complete upload, too: the session check answers and nothing was parsed into a file.
    const complete = await send(editPath(), { headers: { 'content-type': upload.type }, body: upload.body });
    expect(complete.status).toBe(302);
    expect(newEntries(before)).toEqual([]);
  });

  test('an unauthenticated oversized JSON body on an API is refused without being read', async () => {
    const r = await send('/admin/api/segments/preview', { headers: { 'content-type': 'application/json' }, body: '{"graph":', declaredLength: 50 * 1024 * 1024 });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error).toMatch(/log in/);
  });

  test('an authenticated multipart upload with a file is refused and leaves no file; the same form without the file is accepted', async () => {
    const before = tmpEntries();
    const withFile = multipart([
      { name: 'segmentLabel', value: 'uploaded' },
      { name: 'doc', value: Buffer.alloc(32 * 1024, 1), filename: 'a.pdf' },
    ]);
    const refused = await send(editPath(), { headers: { 'content-type': withFile.type, cookie: banker }, body: withFile.body });
    expect(refused.status).toBe(415);
    expect(JSON.parse(refused.body).error).toMatch(/file uploads are not accepted here \(part "doc"\)/);
    expect(await segmentLabel()).toBe('before');
    expect(newEntries(before)).toEqual([]);
    // Control: multipart itself works (AdminJS's forms send FormData), so the refusal was the file.
    const fieldsOnly = multipart([{ name: 'segmentLabel', value: 'multipart-ok' }]);
    const accepted = await send(editPath(), { headers: { 'content-type': fieldsOnly.type, cookie: banker }, body: fieldsOnly.body });
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body).notice?.type).toBe('success');
    expect(await segmentLabel()).toBe('multipart-ok');
  });
});

describe('bodies have a size limit (HTTP_BODY_LIMIT_KB, 256 KB by default)', () => {
  const big = 'x'.repeat(300 * 1024);

  test.each([
    ['JSON', 'application/json', JSON.stringify({ segmentLabel: big })],
    ['a URL-encoded form', 'application/x-www-form-urlencoded', new URLSearchParams({ segmentLabel: big }).toString()],
  ])('an oversized %s body is refused with 413 and nothing changes', async (_kind, type, body) => {
    const label = await segmentLabel();
    const r = await send(editPath(), { headers: { 'content-type': type, cookie: banker }, body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toBe('the request body is larger than 256 KB');
    expect(await segmentLabel()).toBe(label);
  });

  test('an oversized multipart body is refused with 413', async () => {
    const form = multipart([{ name: 'segmentLabel', value: big }]);
    const r = await send(editPath(), { headers: { 'content-type': form.type, cookie: banker }, body: form.body });
    expect(r.status).toBe(413);
  });

  test('an oversized login form is refused with 413 (the login has its own, smaller limit)', async () => {
    const r = await send('/admin/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ email: 'banker@demo.bank', password: 'p'.repeat(32 * 1024) }).toString(),
    });
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/larger than 16 KB/);
    expect(r.headers['set-cookie']).toBeUndefined();
  });
});

describe('security headers', () => {
  const expectHeaders = (r: Answer) => {
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)![1]!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-store');
    // Test and development run on plain http: no HSTS there.
    expect(r.headers['strict-transport-security']).toBeUndefined();
  };

  test('a console page carries them, and each of its inline scripts the nonce of its own policy', async () => {
    const page = await send('/admin/resources/Customer', { headers: { cookie: banker } });
    expect(page.status).toBe(200);
    expectHeaders(page);
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1]!;
    const inline = [...page.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toBe(` nonce="${nonce}"`);
    // A fresh nonce for every response.
    const again = await send('/admin/resources/Customer', { headers: { cookie: banker } });
    expect(again.headers['content-security-policy']).not.toBe(page.headers['content-security-policy']);
    // No third-party request from the console (AdminJS's template links Google Fonts).
    expect(page.body).not.toMatch(/fonts\.googleapis\.com/);
  });

  test('an API answer and the login page carry them', async () => {
    const list = await send('/admin/api/resources/Customer/actions/list', { headers: { cookie: banker } });
    expect(list.status).toBe(200);
    expectHeaders(list);
    expectHeaders(await send('/admin/login'));
  });

  test('static bundles (no personal data) may be cached, and need no eval', async () => {
    for (const bundle of ['app', 'global', 'design-system']) {
      const r = await send(`/admin/frontend/assets/${bundle}.bundle.js`);
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).not.toMatch(/no-store/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.body).not.toMatch(/Function\("return this"\)/);
    }
  });

  test.each([
    ['production', true],
    ['test', false],
  ] as const)('HSTS is sent in %s: %s', async (env, sent) => {
    // The same middleware the console mounts, on a bare server of this test.
    const app = express();
    app.use(securityHeaders(env));
    app.get('/', (_req, res) => res.send('ok'));
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      const hsts = res.headers.get('strict-transport-security');
      if (sent) expect(hsts).toMatch(/^max-age=31536000; includeSubDomains$/);
      else expect(hsts).toBeNull();
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('state-changing requests must come from the console (Origin against PUBLIC_URL)', () => {
  const form = (label: string) => new URLSearchParams({ segmentLabel: label }).toString();
  const post = (headers: Record<string, string>, label: string) =>
    send(editPath(), { headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: banker, ...headers }, body: form(label) });

  test.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['a look-alike Origin', { origin: `${origin}.evil.example` }],
    ['a foreign Referer without Origin', { referer: 'https://evil.example/page' }],
  ])('%s on a customer edit is refused with 403 and nothing changes', async (_what, headers) => {
    const label = await segmentLabel();
    const r = await post(headers, 'forged');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatch(/are not accepted: open the console at http/);
    expect(await segmentLabel()).toBe(label);
  });

  test("the console's own Origin, or no Origin and no Referer (a non-browser client), is accepted", async () => {
    expect((await post({ origin }, 'same-origin')).status).toBe(200);
    expect(await segmentLabel()).toBe('same-origin');
    expect((await post({ referer: `${origin}/admin/resources/Customer` }, 'same-referer')).status).toBe(200);
    expect(await segmentLabel()).toBe('same-referer');
    expect((await post({}, 'no-headers')).status).toBe(200);
    expect(await segmentLabel()).toBe('no-headers');
  });

  test('a foreign Origin on the segment API is refused with 403 and the draft is unchanged', async () => {
    const created = await send('/admin/api/resources/Segment/actions/new', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: marketer, origin },
      body: new URLSearchParams({ name: `웹공격 ${stamp()}`, description: 'web surface' }).toString(),
    });
    const segmentId = Number(JSON.parse(created.body).record.params.id);
    const graph = definitionToGraph({ schemaVersion: 1, root: { type: 'and', children: [{ type: 'attribute', field: 'region', op: 'eq', value: 'SEOUL' }] } } as never);
    const draft = async () => (await one<{ draft_updated_at: Date | null }>('SELECT draft_updated_at FROM segment WHERE id = ?', [segmentId])).draft_updated_at;
    const put = (o: string) =>
      send(`/admin/api/segments/${segmentId}/draft`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: marketer, origin: o },
        body: JSON.stringify({ graph }),
      });
    const refused = await put('https://evil.example');
    expect(refused.status).toBe(403);
    expect(await draft()).toBeNull();
    // Control: the same request from the console's origin saves the draft.
    const saved = await put(origin);
    expect(saved.status).toBe(200);
    expect(await draft()).not.toBeNull();
  });

  test('a login from a foreign Origin is refused and opens no session', async () => {
    const r = await send('/admin/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email: 'banker@demo.bank', password: testEnv.demoPassword }).toString(),
    });
    expect(r.status).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });
});

describe('bad input gets a 400 that names the problem, never a 500 or a stack trace', () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  test('deeply nested JSON is refused', async () => {
    for (const body of [`{"graph":${nested(30)}}`, `{"graph":${'['.repeat(100_000)}${']'.repeat(100_000)}}`]) {
      const r = await send('/admin/api/segments/preview', { headers: { 'content-type': 'application/json', cookie: marketer }, body });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error).toBe('the JSON body is nested deeper than 20 levels');
    }
  });

  test('malformed JSON and a JSON body that is not an object are refused', async () => {
    const malformed = await send('/admin/api/segments/preview', { headers: { 'content-type': 'application/json', cookie: marketer }, body: '{"graph": ' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error).toMatch(/^malformed JSON body: /);
    noStackTrace(malformed.body);
    const array = await send('/admin/api/segments/preview', { headers: { 'content-type': 'application/json', cookie: marketer }, body: '[1,2]' });
    expect(array.status).toBe(400);
    expect(JSON.parse(array.body).error).toBe('the JSON body must be an object');
  });

  test('a body of an unsupported type is refused with 415', async () => {
    const r = await send(editPath(), { headers: { 'content-type': 'text/xml', cookie: banker }, body: '<a/>' });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).error).toMatch(/unsupported content type "text\/xml"/);
  });

  test.each([
    ['nested deeper than 5 levels', 'filters[a][b][c][d][e][f][g]=1'],
    ['more than 200 parameters', Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&')],
    ['an array longer than 100 elements', 'ids[500]=1'],
  ])('a query string %s is refused', async (problem, query) => {
    const api = await send(`/admin/api/resources/Customer/actions/list?${query}`, { headers: { cookie: banker } });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error).toBe(`bad query string: ${problem}`);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    const page = await send(`/admin/resources/Customer?${query}`, { headers: { cookie: banker, accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain(`bad query string: ${problem}`);
    noStackTrace(page.body);
  });
});
