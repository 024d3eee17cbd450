import type { Connection } from 'mysql2/promise';
import nodemailer from 'nodemailer';
import smpp from 'smpp';
import { testDb, queries } from './support/db.js';
import { baseUrl } from './support/test-env.js';
import { HttpClient, type JsonReply } from './support/journey-console.js';
import { insertMessageFixture, type MessageFixture } from './support/message-rows.js';

/**
 * "What was sent, and why" through the console's JSON API on the platform of
 * the global setup (admin/messages/README.md): the list with its filters and
 * paging, one message's journey, entry, template review, decisions with
 * every check in Korean and English, consents, recommendation record and
 * gateway answer; a customer's messages for the 360 page (also inside the
 * 360 action); names masked as the customer list masks them; access-log rows;
 * the 발송함 with what the local gateways received from real clients.
 * Rows are inserted with SQL (support/message-rows.ts).
 */
let db: Connection;
const { rows, one } = queries(() => db);
let f: MessageFixture;
const clients: Record<string, HttpClient> = {};
const answers: JsonReply[] = [];

const get = async (role: string, path: string) => {
  const r = await clients[role]!.request(`/admin/api${path}`);
  answers.push(r);
  return r;
};

beforeAll(async () => {
  db = await testDb();
  f = await insertMessageFixture(db, 'ma');
  for (const role of ['admin', 'marketer', 'compliance', 'banker', 'manager']) clients[role] = await HttpClient.loggedIn(baseUrl(), role);
});
afterAll(async () => {
  await db?.end();
});

describe('the message list', () => {
  test('newest first, filtered by customer, status and channel; names masked for a marketer, shown to compliance', async () => {
    const all = await get('marketer', `/messages?customerId=${f.customer.id}`);
    expect(all.status).toBe(200);
    expect(all.body.messages.map((m: { id: number }) => m.id)).toEqual([f.held, f.suppressed, f.sent]);
    expect(all.body.messages[0]).toMatchObject({ channel: 'push', status: 'HELD', customerNo: f.customer.no, name: '김*시' });
    expect(all.body.messages[0].statusReasonText.ko).toContain('야간');
    expect(all.body.messages[1]).toMatchObject({ status: 'SUPPRESSED', statusReason: 'noMarketingConsent', journeyName: f.journey.name, templateName: f.template.name });
    expect(all.body.messages[1].statusReasonText.en).toBe('the customer has not consented to advertising on this channel');
    expect(all.body).toMatchObject({ page: 1, nextPage: null });

    const shown = await get('compliance', `/messages?customerId=${f.customer.id}&status=SENT&channel=sms`);
    expect(shown.body.messages.map((m: { id: number; name: string }) => [m.id, m.name])).toEqual([[f.sent, f.customer.name]]);

    const byJourney = await get('banker', `/messages?journeyId=${f.journey.id}`);
    expect(byJourney.body.messages.map((m: { id: number }) => m.id).sort()).toEqual([f.sent, f.suppressed].sort());
    expect(byJourney.body.messages[0].name).toBe(f.customer.name);

    const log = await one(
      `SELECT action, resource, record_id recordId, detail, actor_role role FROM audit_log WHERE action = 'message.list' AND actor_role = 'marketer' ORDER BY id DESC LIMIT 1`,
    );
    expect(log).toMatchObject({ resource: 'Customer', recordId: String(f.customer.id), role: 'marketer' });
    expect(log.detail).toContain('3 messages of 1 customers (name masked');
  });

  test('paged and bounded', async () => {
    const page2 = await get('admin', '/messages?page=2');
    expect(page2.status).toBe(200);
    expect(page2.body.page).toBe(2);
    expect((await get('admin', '/messages?page=201')).status).toBe(400);
  });
});

describe('one message: why it was sent', () => {
  test('journey, version and block; how the instance entered; template revision and review; each decision in both languages; recommendation; gateway answer', async () => {
    const r = await get('marketer', `/messages/${f.sent}`);
    expect(r.status).toBe(200);
    const m = r.body.message;
    expect(m).toMatchObject({
      id: f.sent,
      channel: 'sms',
      status: 'SENT',
      customerId: f.customer.id,
      customerNo: f.customer.no,
      name: '김*시',
      recipientMasked: '010-****-5678',
      providerMessageId: `smsc-${f.tag}`,
      gatewayResponse: 'ESME_ROK',
      attemptCount: 1,
      renderMeta: { type: 'LMS', bytes: 120, encoding: 'EUC-KR' },
      journey: { id: f.journey.id, name: f.journey.name, versionId: f.journey.versionId, version: 1, node: { id: 'sms', label: '카드 안내 문자', type: 'sendMessage' } },
      instance: { entryKind: 'event', entryKey: `evt-${f.tag}`, converted: false },
      template: { id: f.template.id, revision: 1 },
      templateRevision: { id: f.template.revisionId, name: f.template.name, revision: 2, reviewNumber: f.template.reviewNumber, status: 'APPROVED' },
      clicks: [{ linkId: 'offer' }],
    });
    expect(new Date(m.instance.enteredAt).toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(new Date(m.templateRevision.validFrom).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    for (const at of ['sentAt', 'openedAt', 'clickedAt', 'convertedAt']) expect(m[at]).not.toBeNull();

    expect(m.decisions).toHaveLength(2);
    const [hold, send] = m.decisions;
    expect(hold).toMatchObject({ outcome: 'hold', outcomeText: { ko: '보류', en: 'Hold' }, reason: 'nightTimeNoConsent', ruleVersion: 'send-policy-2026.1' });
    expect(hold.reasonText.ko).toBe('야간(21:00~08:00) 광고는 야간 수신 동의가 필요하여 08:00까지 보류합니다');
    const night = hold.checks.find((c: { rule: string }) => c.rule === 'nightTime');
    expect(night).toMatchObject({ ok: false, title: { ko: '야간 발송 제한', en: 'Night-time rule' } });
    expect(night.text.en).toContain('needs night-time consent; held until 08:00 (released 2026-12-02 08:00)');
    expect(night.text.ko).toContain('보류 해제 2026-12-02 08:00');
    expect(hold.consents).toEqual([
      { channel: 'sms', consented: true, label: { ko: '문자 광고 수신', en: 'SMS advertising' } },
      { channel: 'email', consented: false, label: { ko: '이메일 광고 수신', en: 'e-mail advertising' } },
      { channel: 'push', consented: true, label: { ko: '앱 푸시 광고 수신', en: 'push advertising' } },
      { channel: 'night', consented: false, label: { ko: '야간 광고 수신', en: 'advertising at night' } },
    ]);

    expect(send.outcome).toBe('send');
    expect(send.checks.map((c: { rule: string }) => c.rule)).toEqual([
      'input',
      'customerStatus',
      'templateReview',
      'idempotency',
      'marketingConsent',
      'nightTime',
      'frequencyCap',
      'productOnSale',
      'suitabilityProfile',
      'suitability',
      'recommendation',
    ]);
    // Every check in plain words, never a bare code.
    for (const c of send.checks) {
      expect(c.ok).toBe(true);
      for (const lang of ['ko', 'en']) {
        expect(c.title[lang]).not.toMatch(/^[a-z][A-Za-z]+$/);
        expect(c.text[lang].length).toBeGreaterThan(8);
      }
    }
    const texts = Object.fromEntries(send.checks.map((c: { rule: string; text: { ko: string; en: string } }) => [c.rule, c.text]));
    expect(texts.templateReview.ko).toBe(`준법감시 심의 승인 (심의필 번호 ${f.template.reviewNumber}, 유효기간 2026-06-01 00:00 ~ 2099-01-01 00:00)`);
    expect(texts.frequencyCap.en).toBe('within the SMS/LMS advertising caps: 0 of 1 today, 1 of 3 this week');
    expect(texts.suitability.ko).toContain('위험중립형');
    expect(texts.nightTime.en).toBe('it was not night-time (21:00 to 08:00)');

    expect(m.recommendations).toEqual([
      expect.objectContaining({ productType: 'FUND', riskGrade: 3, suitabilityApplies: true, propensity: 'NEUTRAL', ruleVersion: 'send-policy-2026.1' }),
    ]);

    const log = await one(`SELECT resource, record_id recordId, detail FROM audit_log WHERE action = 'message.view' ORDER BY id DESC LIMIT 1`);
    expect(log).toMatchObject({ resource: 'Customer', recordId: String(f.customer.id) });
    expect(log.detail).toBe(`message ${f.sent} of customer ${f.customer.no} (name masked, recipient masked)`);
  });

  test('a suppressed message says why; a message without journey or decision says so too', async () => {
    const s = (await get('compliance', `/messages/${f.suppressed}`)).body.message;
    expect(s.name).toBe(f.customer.name);
    expect(s.statusReasonText.ko).toBe('고객이 이 채널의 광고성 정보 수신에 동의하지 않았습니다');
    expect(s.decisions[0]).toMatchObject({ outcome: 'suppress', outcomeText: { ko: '발송 안 함', en: 'Do not send' } });
    expect(s.decisions[0].checks.at(-1)).toMatchObject({ rule: 'marketingConsent', ok: false, text: { en: 'the customer has not consented to advertising on this channel' } });
    expect(s.instance).toBeNull();

    const h = (await get('banker', `/messages/${f.held}`)).body.message;
    expect(h).toMatchObject({ journey: null, instance: null, decisions: [], recommendations: [], clicks: [], status: 'HELD' });
  });
});

describe("a customer's messages", () => {
  test('the API for the 360 page, masked per role and logged', async () => {
    const r = await get('manager', `/customers/${f.customer.id}/messages`);
    expect(r.status).toBe(200);
    expect(r.body.customer).toEqual({ id: f.customer.id, customerNo: f.customer.no, name: '김*시' });
    expect(r.body.messages.map((m: { id: number }) => m.id)).toEqual([f.held, f.suppressed, f.sent]);
    expect(r.body.messages[1].statusReasonText.en).toBe('the customer has not consented to advertising on this channel');
    const log = await one(`SELECT resource, record_id recordId, detail, actor_role role FROM audit_log WHERE action = 'customer.messages' ORDER BY id DESC LIMIT 1`);
    expect(log).toMatchObject({ resource: 'Customer', recordId: String(f.customer.id), role: 'manager' });
    expect(log.detail).toBe(`3 messages of ${f.customer.no} (name masked)`);
    expect((await get('banker', `/customers/${f.customer.id}/messages`)).body.customer.name).toBe(f.customer.name);
  });

  test('the 360 action carries them', async () => {
    const r = await clients.banker!.request(`/admin/api/resources/Customer/records/${f.customer.id}/profile360`);
    expect(r.status).toBe(200);
    expect(r.body.view.messages.map((m: { id: number }) => m.id)).toEqual([f.held, f.suppressed, f.sent]);
    expect(r.body.view.messages[0].statusReasonText.ko).toContain('야간');
  });
});

describe('발송함', () => {
  test('lists what the local gateways received: e-mail with its headers and HTML, SMS/LMS decoded with bytes, pushes', async () => {
    const first = await get('marketer', '/sent-box');
    expect(first.status).toBe(200);
    expect(first.body.local).toBe(true);
    const [smtpHost, smtpPort] = first.body.gateways.smtp.split(':');
    const [smppHost, smppPort] = first.body.gateways.smpp.split(':');

    const transport = nodemailer.createTransport({ host: smtpHost, port: Number(smtpPort), secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'bank@example.com',
      to: `box-${f.tag}@example.com`,
      subject: `(광고) 새 적금 ${f.tag}`,
      text: '본문입니다',
      html: '<p>본문 <b>HTML</b></p><script>alert(1)</script>',
      headers: { 'List-Unsubscribe': '<mailto:unsubscribe@example.com>' },
    });
    transport.close();

    const session: smpp.Session = await new Promise((resolve, reject) => {
      const s = smpp.connect({ host: smppHost, port: Number(smppPort) }, () => resolve(s));
      s.once('error', reject);
    });
    const call = (command: string, options: Record<string, unknown>) =>
      new Promise<smpp.PDU>((resolve) => (session[command as keyof smpp.Session] as smpp.Command).call(session, options, resolve));
    await call('bind_transmitter', { system_id: 'local', password: 'local' });
    const { encodeEucKr } = await import('../engine/channels/local-gateways/index.js');
    const long = `[광고] ${f.tag} 고객님, 새로 나온 적금을 안내합니다. 지금 가입하시면 우대금리를 드립니다. 무료수신거부 080-000-0000`;
    await call('submit_sm', { source_addr: '15880000', destination_addr: '01098765432', data_coding: 0x0e, message_payload: encodeEucKr(long) });
    await call('unbind', {});
    session.close();

    const push = first.body.gateways.push as string;
    const pushed = await fetch(`${push}/v1/projects/local-bank/messages:send`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-push-token', 'content-type': 'application/json' },
      body: JSON.stringify({ message: { token: `device-${f.tag}`, notification: { title: `푸시 ${f.tag}`, body: '앱에서 확인하세요' } } }),
    });
    expect(pushed.status).toBe(200);

    // The SMTP sink parses after it answered: read until all three are there.
    let box = first.body;
    for (let i = 0; i < 100; i++) {
      box = (await get('compliance', '/sent-box')).body;
      const has =
        box.email.some((e: { subject: string }) => e.subject?.includes(f.tag)) &&
        box.sms.some((s: { text: string }) => s.text.includes(f.tag)) &&
        box.push.some((p: { title: string }) => p.title?.includes(f.tag));
      if (has) break;
      await new Promise((r) => setImmediate(r));
    }
    const email = box.email.find((e: { subject: string }) => e.subject?.includes(f.tag));
    expect(email).toMatchObject({ from: ['bank@example.com'], to: [`box-${f.tag}@example.com`], listUnsubscribe: '<mailto:unsubscribe@example.com>' });
    expect(email.text.trim()).toBe('본문입니다');
    expect(email.html).toContain('<b>HTML</b>');
    const sms = box.sms.find((s: { text: string }) => s.text.includes(f.tag));
    expect(sms).toMatchObject({ destination: '01098765432', source: '15880000', text: long, type: 'LMS', dataCoding: 0x0e, bytes: encodeEucKr(long).length });
    expect(sms.dataCodingName).toContain('EUC-KR');
    expect(box.push.find((p: { title: string }) => p.title?.includes(f.tag))).toMatchObject({ token: `device-${f.tag}`, body: '앱에서 확인하세요' });
    expect(await rows(`SELECT id FROM audit_log WHERE action = 'sentbox.view' AND actor_role = 'compliance'`)).not.toHaveLength(0);
  });
});

test('no answer carries a stack, SQL or a password', () => {
  for (const a of answers) expect(a.text).not.toMatch(/\n\s+at |SELECT |sqlMessage|password/i);
});
