import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { TemplateService } from '../resources/template/template.service.js';
import { testDb, queries, dbServer } from './support/db.js';
import { stamp } from './support/unique.js';
import { baseUrl, testEnv } from './support/test-env.js';
import { HttpClient, type JsonReply } from './support/journey-console.js';
import { smsBytes } from '../engine/channels/content/index.js';

/**
 * Message templates through the console's JSON API on the platform of the
 * global setup, against MariaDB: the review lifecycle (draft, submit,
 * approve by compliance, retire), refusals with their coded problems in both
 * languages (an unknown variable with its position, an SMS over 2,000 bytes,
 * the author approving), revisions of an approved template and what the
 * delivery worker gets for them (templateForSend), and previews for a real
 * customer, masked per role and written to the access log.
 */
let db: Connection;
let ds: DataSource;
let service: TemplateService;
const { rows, one } = queries(() => db);
let marketer: HttpClient;
let compliance: HttpClient;
const tag = `t${stamp()}`;
const answers: JsonReply[] = [];

const api = async (c: HttpClient, method: string, path: string, json?: unknown) => {
  const r = await c.request(`/admin/api/templates${path}`, { method, json: method === 'GET' ? undefined : (json ?? {}) });
  answers.push(r);
  return r;
};

const sms = (text: string, kind = 'advertising') => ({ version: 1, channel: 'sms', kind, usesRecommendations: false, text });
const review = { reviewNumber: `준법감시 ${tag}`, validFrom: '2026-01-01', validUntil: '2099-12-31' };

beforeAll(async () => {
  db = await testDb();
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  service = new TemplateService(ds);
  [marketer, compliance] = await Promise.all(['marketer', 'compliance'].map((r) => HttpClient.loggedIn(baseUrl(), r)));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.end();
});

describe('lifecycle', () => {
  let id: number;

  test('a marketer creates a draft, submits it; compliance approves it with a review number; it can be sent', async () => {
    const created = await api(marketer, 'POST', '/', {
      name: `가입 안내 ${tag}`,
      definition: sms('{{ customer.name }} 고객님, 새 적금이 나왔습니다. 문의 {{ bank.contactNumber }}'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, revision: 1, status: 'DRAFT', problems: [] });
    id = created.body.id;

    const detail = await api(marketer, 'GET', `/${id}`);
    expect(detail.body).toMatchObject({ ok: true, id, channel: 'sms', kind: 'advertising', status: 'DRAFT', canSubmit: true, canReview: false });
    expect((await api(marketer, 'GET', '/?status=DRAFT')).body.templates.map((t: { id: number }) => t.id)).toContain(id);

    expect((await api(marketer, 'POST', `/${id}/submit`)).body.template.status).toBe('PENDING');
    expect((await api(marketer, 'PUT', `/${id}`, { definition: sms('바꾼 문구') })).status).toBe(409);

    const noNumber = await api(compliance, 'POST', `/${id}/approve`, { ...review, reviewNumber: '' });
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.problems[0]).toMatchObject({ code: 'reviewNumberRequired', path: 'reviewNumber' });
    const backwards = await api(compliance, 'POST', `/${id}/approve`, { ...review, validFrom: '2099-12-31', validUntil: '2026-01-01' });
    expect(backwards.body.problems[0].code).toBe('validUntilBeforeFrom');

    const approved = await api(compliance, 'POST', `/${id}/approve`, review);
    expect(approved.status).toBe(200);
    expect(approved.body.template).toMatchObject({ status: 'APPROVED', reviewNumber: review.reviewNumber });
    const send = await service.templateForSend(id, new Date());
    expect(send).toMatchObject({ status: 'valid', template: { id, revision: 1, channel: 'sms' }, review: { reviewNumber: review.reviewNumber } });

    const audit = await rows(`SELECT action FROM audit_log WHERE resource = 'MessageTemplate' AND record_id = ? ORDER BY id`, [String(id)]);
    expect(audit.map((a) => a.action)).toEqual(['template.create', 'template.submit', 'template.approve']);
  });

  test('editing the approved template makes revision 2 as a draft; revision 1 stays the one sent until 2 is approved', async () => {
    const edit = await api(marketer, 'PUT', `/${id}`, { definition: sms('{{ customer.name }} 고객님, 금리가 올랐습니다.') });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ ok: true, revision: 2, status: 'DRAFT' });
    const r2 = edit.body.id as number;
    expect(r2).not.toBe(id);
    expect((await one('SELECT previous_revision_id AS p FROM message_template WHERE id = ?', [r2])).p).toBe(id);
    expect((await one('SELECT status FROM message_template WHERE id = ?', [id])).status).toBe('APPROVED');
    // A second successor would fork the review.
    expect((await api(marketer, 'PUT', `/${id}`, { definition: sms('또 다른 문구') })).body.problems[0].code).toBe('openRevision');

    for (const asked of [id, r2]) expect(await service.templateForSend(asked, new Date())).toMatchObject({ status: 'valid', template: { id, revision: 1 } });

    await api(marketer, 'POST', `/${r2}/submit`);
    const rejected = await api(compliance, 'POST', `/${r2}/reject`, { reason: '금리 조건(세전) 표기가 빠졌습니다' });
    expect(rejected.body.template).toMatchObject({ status: 'REJECTED', rejectionReason: '금리 조건(세전) 표기가 빠졌습니다' });
    expect((await api(marketer, 'PUT', `/${r2}`, { definition: sms('{{ customer.name }} 고객님, 금리가 올랐습니다(세전).') })).body.status).toBe('DRAFT');
    await api(marketer, 'POST', `/${r2}/submit`);
    expect((await api(compliance, 'POST', `/${r2}/approve`, review)).body.template.status).toBe('APPROVED');

    expect((await one('SELECT status FROM message_template WHERE id = ?', [id])).status).toBe('RETIRED');
    expect(await service.templateForSend(id, new Date())).toMatchObject({ status: 'valid', template: { id: r2, revision: 2 } });
    const lineage = await api(marketer, 'GET', `/${id}`);
    expect(lineage.body.revisions.map((r: { revision: number; status: string }) => `${r.revision}:${r.status}`)).toEqual(['2:APPROVED', '1:RETIRED']);

    expect((await api(compliance, 'POST', `/${r2}/retire`)).body.template.status).toBe('RETIRED');
    expect(await service.templateForSend(id, new Date())).toEqual({ status: 'notApproved' });
  });

  test('templateForSend says expired once the review period has ended, and not yet valid before it starts', async () => {
    const c = await api(marketer, 'POST', '/', { name: `만기 ${tag}`, definition: sms('예금 만기 안내입니다.', 'informational') });
    await api(marketer, 'POST', `/${c.body.id}/submit`);
    await api(compliance, 'POST', `/${c.body.id}/approve`, { reviewNumber: `심의 ${tag}`, validFrom: '2030-01-01', validUntil: '2030-06-30' });
    expect(await service.templateForSend(c.body.id, new Date('2029-12-31T00:00:00Z'))).toMatchObject({ status: 'notYetValid' });
    expect(await service.templateForSend(c.body.id, new Date('2030-03-01T00:00:00Z'))).toMatchObject({ status: 'valid' });
    expect(await service.templateForSend(c.body.id, new Date('2030-07-01T00:00:00Z'))).toMatchObject({ status: 'expired', review: { reviewNumber: `심의 ${tag}` } });
    expect(await service.templateForSend(999999999, new Date())).toEqual({ status: 'notFound' });
  });
});

describe('refusals', () => {
  test('an unknown Liquid variable: saved with its problem and position in both languages, refused at submit', async () => {
    const definition = sms('안녕하세요\n{{ customer.nickname }} 고객님');
    const v = await api(marketer, 'POST', '/validate', { definition });
    expect(v.body.valid).toBe(false);
    const p = v.body.problems.find((x: { code: string }) => x.code === 'unknownVariable');
    expect(p).toMatchObject({ path: 'text', line: 2, column: expect.any(Number) });
    expect(p.message.en).toContain('customer.nickname');
    expect(p.message.ko).toContain('customer.nickname');
    expect(p.message.ko).toContain('메시지 변수가 아닙니다');

    const created = await api(marketer, 'POST', '/', { name: `별명 ${tag}`, definition });
    expect(created.status).toBe(201);
    expect(created.body.problems.map((x: { code: string }) => x.code)).toContain('unknownVariable');
    expect((await api(marketer, 'GET', `/${created.body.id}`)).body.problems.map((x: { code: string }) => x.code)).toContain('unknownVariable');
    const submit = await api(marketer, 'POST', `/${created.body.id}/submit`);
    expect(submit.status).toBe(409);
    expect(submit.body.problems[0]).toMatchObject({ code: 'templateInvalid', message: { ko: expect.stringContaining('심의를 요청') } });
    expect(submit.body.problems.map((x: { code: string }) => x.code)).toContain('unknownVariable');
  });

  test('an SMS over 2,000 bytes is refused', async () => {
    const created = await api(marketer, 'POST', '/', { name: `장문 ${tag}`, definition: sms('가'.repeat(1100), 'informational') });
    const p = created.body.problems.find((x: { code: string }) => x.code === 'smsTooLongAsWritten');
    expect(p).toMatchObject({ path: 'text', params: { max: 2000 } });
    expect(p.params.bytes).toBeGreaterThan(2000);
    expect((await api(marketer, 'POST', `/${created.body.id}/submit`)).status).toBe(409);
  });

  test('the author cannot approve: 409 with a worded reason in both languages', async () => {
    const created = await api(marketer, 'POST', '/', { name: `자기승인 ${tag}`, definition: sms('안내 문자입니다.', 'informational') });
    await api(marketer, 'POST', `/${created.body.id}/submit`);
    // The compliance officer wrote it (e.g. before a change of role).
    const officer = await one(`SELECT id FROM staff WHERE email = 'compliance@demo.bank'`);
    await db.query('UPDATE message_template SET author_id = ? WHERE id = ?', [officer.id, created.body.id]);
    const r = await api(compliance, 'POST', `/${created.body.id}/approve`, review);
    expect(r.status).toBe(409);
    expect(r.body.problems[0].code).toBe('authorCannotApprove');
    expect(r.body.problems[0].message.ko).toContain('승인할 수 없습니다');
    expect(r.body.problems[0].message.en).toContain('cannot approve');
    expect((await one('SELECT status FROM message_template WHERE id = ?', [created.body.id])).status).toBe('PENDING');
  });

  test('unknown template, bad name, taken name, bad status filter', async () => {
    expect((await api(marketer, 'GET', '/999999999')).status).toBe(404);
    expect((await api(marketer, 'GET', '/abc')).status).toBe(404);
    expect((await api(marketer, 'POST', '/', { name: '', definition: sms('x') })).body.problems[0].code).toBe('nameInvalid');
    expect((await api(marketer, 'POST', '/', { name: `가입 안내 ${tag}`, definition: sms('x') })).status).toBe(409);
    expect((await api(marketer, 'GET', '/?status=NOPE')).status).toBe(400);
  });
});

describe('preview for a real customer', () => {
  let templateId: number;
  let customerId: number;

  beforeAll(async () => {
    const [res] = (await db.query(`INSERT INTO customer (customer_no, name, status, risk_grade, tags) VALUES (?, '홍길동미리', 'ACTIVE', 'LOW', ?)`, [
      `T${stamp()}`.slice(0, 20),
      tag,
    ])) as any;
    customerId = Number(res.insertId);
    const c = await api(marketer, 'POST', '/', { name: `미리보기 ${tag}`, definition: sms('{{ customer.name }} 고객님, 특판 예금 안내입니다.') });
    templateId = c.body.id;
  });

  test('a marketer sees the name masked and the advertising marking; the preview is in the access log', async () => {
    const r = await api(marketer, 'POST', `/${templateId}/preview`, { customerId });
    expect(r.status).toBe(200);
    expect(r.body.customer).toEqual({ id: customerId, name: '홍***리', masked: true });
    expect(r.body.rendered.status).toBe('rendered');
    const text: string = r.body.rendered.message.text;
    expect(text.startsWith('(광고)')).toBe(true);
    expect(text).toContain('홍***리 고객님');
    expect(text).toContain('무료수신거부');
    expect(text).not.toContain('홍길동미리');
    const log = await rows(`SELECT detail, actor_role FROM audit_log WHERE action = 'template.preview' AND record_id = ?`, [String(templateId)]);
    expect(log).toEqual([expect.objectContaining({ actor_role: 'marketer', detail: expect.stringContaining(`customer ${customerId} (name masked)`) })]);
  });

  test('compliance (may unmask customers) sees the name; an unknown customer is a 404', async () => {
    const r = await api(compliance, 'POST', `/${templateId}/preview`, { customerId });
    expect(r.body.customer).toMatchObject({ name: '홍길동미리', masked: false });
    expect((await api(marketer, 'POST', `/${templateId}/preview`, { customerId: 999999999 })).status).toBe(404);
    expect((await api(marketer, 'POST', `/${templateId}/preview`, { customerId: 'x' })).status).toBe(400);
  });
});

describe('e-mail written in MJML', () => {
  const mjmlEmail = (mjml: string) => ({
    version: 1,
    channel: 'email',
    kind: 'informational',
    subject: '만기 안내',
    html: '-',
    text: '{{ customer.name }} 고객님, 만기 안내입니다.',
    mjml,
  });
  const body = '<mjml><mj-body><mj-section><mj-column><mj-text>{{ customer.name }} 고객님, 만기 안내입니다.</mj-text></mj-column></mj-section></mj-body></mjml>';

  test('saving compiles the responsive HTML part from the MJML; the preview renders it for a customer', async () => {
    const created = await api(marketer, 'POST', '/', { name: `MJML 안내 ${tag}`, definition: mjmlEmail(body) });
    expect(created.status).toBe(201);
    expect(created.body.problems).toEqual([]);
    const detail = await api(marketer, 'GET', `/${created.body.id}`);
    expect(detail.body.definition.mjml).toBe(body);
    expect(detail.body.definition.html).toContain('@media only screen');
    expect(detail.body.definition.html).toContain('{{ customer.name }} 고객님');
    const [customer] = await rows<{ id: number }>("SELECT id FROM customer WHERE status = 'ACTIVE' ORDER BY id LIMIT 1");
    const preview = await api(compliance, 'POST', `/${created.body.id}/preview`, { customerId: customer!.id });
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.body)).toContain('만기 안내입니다');
  });

  test('MJML problems come back with their line from /validate and at save; submit refuses them', async () => {
    const broken = '<mjml>\n<mj-body>\n<mj-sectionx></mj-sectionx>\n</mj-body>\n</mjml>';
    const validated = await api(marketer, 'POST', '/validate', { definition: mjmlEmail(broken) });
    expect(validated.body).toMatchObject({ ok: true, valid: false });
    expect(validated.body.problems[0]).toMatchObject({
      code: 'mjmlInvalid',
      path: 'mjml',
      line: 3,
      message: { ko: expect.stringMatching(/^MJML이/), en: expect.stringContaining('mj-sectionx') },
    });
    const created = await api(marketer, 'POST', '/', { name: `MJML 오류 ${tag}`, definition: mjmlEmail(broken) });
    expect(created.body.problems.map((p: { code: string }) => p.code)).toContain('mjmlInvalid');
    expect((await api(marketer, 'POST', `/${created.body.id}/submit`)).status).toBe(409);
  });
});

describe("the template page's endpoints: variables and the live check", () => {
  test('GET /variables lists the catalogue with both languages and channels; banker is refused', async () => {
    const r = await api(marketer, 'GET', '/variables');
    expect(r.status).toBe(200);
    expect(r.body.variables).toContainEqual({ path: 'customer.name', ko: '고객 이름', en: "the customer's name", channels: ['sms', 'email', 'push'] });
    expect(r.body.variables).toContainEqual(expect.objectContaining({ path: 'message.unsubscribeUrl', channels: ['email'] }));
    expect(r.body.recommendations).toMatchObject({ max: 3, fields: expect.arrayContaining([expect.objectContaining({ field: 'rateText' })]) });
    expect((await api(compliance, 'GET', '/variables')).status).toBe(200);
    const banker = await HttpClient.loggedIn(baseUrl(), 'banker');
    const refused = await api(banker, 'GET', '/variables');
    expect(refused.status).toBe(403);
    expect(refused.body.problems[0].code).toBe('forbidden');
    expect((await api(banker, 'POST', '/check', { definition: sms('안내') })).status).toBe(403);
  });

  test('POST /check: problems and SMS bytes as /validate, plus the sample message with the marking and the bytes it adds', async () => {
    const text = '{{ customer.name }} 고객님, 적금 만기가 다가옵니다.';
    const checked = await api(marketer, 'POST', '/check', { definition: sms(text) });
    const validated = await api(marketer, 'POST', '/validate', { definition: sms(text) });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ ok: true, valid: true, problems: [], smsLengths: validated.body.smsLengths });
    const rendered = checked.body.sample.rendered;
    expect(rendered.status).toBe('rendered');
    expect(rendered.message.text).toMatch(/^\(광고\).+\n.*고객님, 적금 만기가 다가옵니다\.\n무료수신거부 080-/);
    expect(rendered.message.text).toContain(checked.body.sample.customerName);
    expect(checked.body.sample.markingBytes).toBeGreaterThan(20);
    expect(checked.body.smsLengths.asWritten.bytes).toBe(smsBytes(text).bytes + checked.body.sample.markingBytes);

    // Informational: nothing added.
    const info = await api(marketer, 'POST', '/check', { definition: sms('예금 만기 안내입니다.', 'informational') });
    expect(info.body.sample).toMatchObject({ markingBytes: 0, rendered: { status: 'rendered', message: { text: '예금 만기 안내입니다.' } } });

    // A problem keeps its position and both texts; no customer data is ever read.
    const bad = await api(marketer, 'POST', '/check', { definition: sms('안녕하세요\n{{ customer.nickname }}') });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.problems[0]).toMatchObject({ code: 'unknownVariable', path: 'text', line: 2, message: { ko: expect.any(String), en: expect.any(String) } });

    // E-mail: the advertising subject and footer in the sample.
    const email = await api(marketer, 'POST', '/check', {
      definition: {
        version: 1,
        channel: 'email',
        kind: 'advertising',
        usesRecommendations: false,
        subject: '새 소식',
        html: '<html><body><p>{{ customer.name }}님</p></body></html>',
        text: '{{ customer.name }}님',
      },
    });
    expect(email.body.sample.rendered.message.subject).toBe('(광고) 새 소식');
    expect(email.body.sample.rendered.message.headers['List-Unsubscribe']).toContain('https://');

    expect((await api(marketer, 'POST', '/check', {})).status).toBe(400);
  });
});

test('no answer carries a stack trace or SQL', () => {
  for (const a of answers) {
    expect(a.text).not.toMatch(/\bat .+\.(ts|js):\d+|ER_[A-Z_]+|SELECT |INSERT INTO|UPDATE message_template/);
  }
});
