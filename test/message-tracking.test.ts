import { randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import type { MessageRef } from '../engine/channels/tracking/tracking-links.js';
import { messageConversionSubscriber } from '../engine/channels/tracking/conversion-subscriber.js';
import { makeDomainEvent } from '../engine/definitions/domain-events/index.js';
import { testDb, queries, dbServer } from './support/db.js';
import { stamp } from './support/unique.js';
import { baseUrl, testEnv } from './support/test-env.js';
import { pathOf, platformLinks, send } from './support/tracking-http.js';

/**
 * Message tracking on the platform of the global setup, against MariaDB: the
 * open pixel (recorded once, one message.opened), click redirects (every
 * click a row, message.clicked once per link, tampered tokens refused), the
 * unsubscribe page and POST (consent withdrawn through the customer service
 * with its audit row and customer.changed, idempotent, RFC 8058 one-click
 * from a mailbox provider's origin) and the conversion subscriber.
 *
 * The platform signs with the suite's known TRACKING_SECRET (test-env.ts), so
 * the test makes links it accepts (test/support/tracking-http.ts).
 */
let db: Connection;
let ds: DataSource;
const { rows, one } = queries(() => db);
const links = platformLinks;

const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };

async function newCustomer(name = '김추적'): Promise<{ id: number; customerNo: string }> {
  const customerNo = `T${stamp()}`;
  const [r] = (await db.query(
    `INSERT INTO customer (customer_no, name, status, mobile_masked, email_masked, consent_sms, consent_sms_at, consent_email, consent_email_at, consent_push, consent_push_at)
     VALUES (?, ?, 'ACTIVE', '010-****-4321', 'tr***@bank.example', 1, NOW(3), 1, NOW(3), 1, NOW(3))`,
    [customerNo, name],
  )) as any;
  return { id: Number(r.insertId), customerNo };
}

async function newMessage(
  customerId: number,
  channel: MessageRef['channel'],
  extra: { status?: string; instanceId?: number; sentAt?: Date | null } = {},
): Promise<MessageRef & { id: number }> {
  const sentAt = extra.sentAt === undefined ? new Date() : extra.sentAt;
  const [r] = (await db.query(
    `INSERT INTO message (idempotency_key, channel, template_id, customer_id, journey_id, version_id, instance_id, node_id, status, requested_at, updated_at, sent_at)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, NOW(3), ?)`,
    [
      `track-${randomUUID()}`,
      channel,
      customerId,
      extra.instanceId ? 900_001 : null,
      extra.instanceId ? 900_002 : null,
      extra.instanceId ?? null,
      extra.instanceId ? 'send1' : null,
      extra.status ?? 'SENT',
      sentAt ?? new Date(),
      sentAt,
    ],
  )) as any;
  const id = Number(r.insertId);
  return { id, messageId: id, customerId, channel };
}

const eventsOf = (type: string, messageId: number) =>
  rows(`SELECT body FROM domain_event WHERE type = ? AND JSON_EXTRACT(body, '$.payload.messageId') = ? ORDER BY id`, [type, messageId]).then((r) =>
    r.map((x) => (typeof x.body === 'string' ? JSON.parse(x.body) : x.body)),
  );

beforeAll(async () => {
  db = await testDb();
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
});

afterAll(async () => {
  await ds?.destroy();
  await db?.end();
});

describe('open pixel', () => {
  test('a GIF, not cached, readable by webmail on another origin; opened_at once and one message.opened however often it loads', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'email');
    const url = links().openPixelUrl(m);
    const replies = [await send(pathOf(url)), ...(await Promise.all([1, 2, 3].map(() => send(pathOf(url)))))];
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('image/gif');
      expect(r.headers['cache-control']).toMatch(/no-store/);
      expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(r.body.subarray(0, 6).toString()).toBe('GIF89a');
    }
    const row = await one('SELECT opened_at FROM message WHERE id = ?', [m.id]);
    expect(row.opened_at).toBeInstanceOf(Date);
    const events = await eventsOf('message.opened', m.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      customerNo: c.customerNo,
      actor: { kind: 'system', id: 'message-tracking' },
      payload: { messageId: m.id, customerId: c.id, channel: 'email' },
    });
  });

  test('an invalid token still gets the same GIF and records nothing', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'email');
    const good = await send(pathOf(links().openPixelUrl({ ...m, messageId: m.id + 1_000_000 })));
    const token = /\/t\/o\/([^.]+)\.gif$/.exec(links().openPixelUrl(m))![1]!;
    const bad = await send(`/t/o/${token.slice(0, -2)}AA.gif`);
    expect(bad.status).toBe(200);
    expect(bad.body.equals(good.body)).toBe(true);
    expect(bad.headers['content-type']).toBe(good.headers['content-type']);
    expect((await one('SELECT opened_at FROM message WHERE id = ?', [m.id])).opened_at).toBeNull();
    expect(await eventsOf('message.opened', m.id)).toHaveLength(0);
  });
});

describe('click redirect', () => {
  test('302 to the signed URL; every click a row, clicked_at the first time, message.clicked once per link', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'sms');
    const target1 = 'https://bank.example/event?id=7&src=sms';
    const target2 = 'https://bank.example/other';
    const text = links().trackText(`(광고)한빛은행 ${target1} 그리고 ${target2}에서 확인`, m);
    const [c1, c2] = [...text.matchAll(/http:\/\/[^ ]+\/t\/c\/[A-Za-z0-9_-]+/g)].map((x) => pathOf(x[0]));
    const first = await send(c1!);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(target1);
    const firstClick = (await one('SELECT clicked_at FROM message WHERE id = ?', [m.id])).clicked_at as Date;
    expect(firstClick).toBeInstanceOf(Date);
    await send(c1!);
    expect((await send(c2!)).headers.location).toBe(target2);
    const clicks = await rows('SELECT link_id FROM message_click WHERE message_id = ? ORDER BY id', [m.id]);
    expect(clicks.map((r) => r.link_id)).toEqual(['l1', 'l1', 'l2']);
    expect((await one('SELECT clicked_at FROM message WHERE id = ?', [m.id])).clicked_at).toEqual(firstClick);
    const events = await eventsOf('message.clicked', m.id);
    expect(events.map((e) => e.payload)).toEqual([
      { messageId: m.id, customerId: c.id, channel: 'sms', linkId: 'l1' },
      { messageId: m.id, customerId: c.id, channel: 'sms', linkId: 'l2' },
    ]);
    // The event names the link, never the URL (a query string may hold personal data).
    expect(JSON.stringify(events)).not.toContain('bank.example');
  });

  test('clicks at the same moment on one link: every click a row, still one message.clicked', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'push');
    const path = pathOf(links().clickUrl(m, 1, 'https://bank.example/app'));
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(path)));
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(302));
    expect(await rows('SELECT id FROM message_click WHERE message_id = ?', [m.id])).toHaveLength(6);
    expect(await eventsOf('message.clicked', m.id)).toHaveLength(1);
  });

  test('past 200 click rows a replayed link still redirects but stores nothing more', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'email');
    await db.query('INSERT INTO message_click (message_id, link_id, clicked_at) VALUES ?', [Array.from({ length: 200 }, () => [m.id, 'l1', new Date()])]);
    const r = await send(pathOf(links().clickUrl(m, 1, 'https://bank.example/x')));
    expect(r.status).toBe(302);
    expect(await rows('SELECT id FROM message_click WHERE message_id = ?', [m.id])).toHaveLength(200);
  });

  test('a tampered token is refused with a 400 page in Korean and English, no redirect, nothing recorded', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'email');
    const token = /\/t\/c\/(.+)$/.exec(links().clickUrl(m, 1, 'https://bank.example/x'))![1]!;
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 20] = raw[raw.length - 20]! ^ 1;
    const r = await send(`/t/c/${raw.toString('base64url')}`);
    expect(r.status).toBe(400);
    expect(r.headers.location).toBeUndefined();
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.text).toContain('링크가 올바르지 않습니다');
    expect(r.text).toContain('This link is not valid');
    expect(await rows('SELECT id FROM message_click WHERE message_id = ?', [m.id])).toHaveLength(0);
  });
});

describe('unsubscribe', () => {
  test('the page names the channel, has a same-origin POST form, no script and no personal data; a GET changes nothing', async () => {
    const c = await newCustomer('박수신');
    const m = await newMessage(c.id, 'sms');
    const r = await send(pathOf(links().unsubscribeUrl(m)));
    expect(r.status).toBe(200);
    expect(r.text).toContain('광고성 문자메시지(SMS) 수신을 중단합니다');
    expect(r.text).toContain('advertising by text messages (SMS)');
    expect(r.text.indexOf('수신거부')).toBeLessThan(r.text.indexOf('Unsubscribe'));
    expect(r.text).toMatch(/<form method="post" action="">/);
    expect(r.text).not.toMatch(/<script|https?:\/\/(?!www\.w3)/i);
    for (const personal of ['박수신', c.customerNo, '4321', 'tr***', 'bank.example']) expect(r.text).not.toContain(personal);
    expect(r.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(r.headers['cache-control']).toMatch(/no-store/);
    expect((await one('SELECT consent_sms FROM customer WHERE id = ?', [c.id])).consent_sms).toBe(1);
  });

  test('POST withdraws that channel only, through the customer service: audit row by the link, customer.changed; a second POST says it is already done', async () => {
    const c = await newCustomer();
    const m = await newMessage(c.id, 'email');
    const path = pathOf(links().unsubscribeUrl(m));
    const before = new Date(Date.now() - 1000);
    const r = await send(path, { method: 'POST', headers: { ...oneClick, origin: baseUrl() }, body: 'List-Unsubscribe=One-Click' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('수신거부가 완료되었습니다');
    expect(r.text).toContain('광고성 이메일을 보내지 않습니다');
    expect(r.text).toContain('You are unsubscribed');
    const row = await one('SELECT consent_sms, consent_email, consent_email_at, consent_push FROM customer WHERE id = ?', [c.id]);
    expect(row).toMatchObject({ consent_sms: 1, consent_email: 0, consent_push: 1 });
    expect(row.consent_email_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const audit = await rows("SELECT actor_email, actor_id, action, diff FROM audit_log WHERE resource = 'Customer' AND record_id = ? ORDER BY id", [String(c.id)]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_email: 'customer:unsubscribe-link', actor_id: null, action: 'update' });
    const diff = typeof audit[0].diff === 'string' ? JSON.parse(audit[0].diff) : audit[0].diff;
    expect(Object.keys(diff).sort()).toEqual(['consentEmail', 'consentEmailAt']);
    const changed = await rows("SELECT body FROM domain_event WHERE type = 'customer.changed' AND customer_no = ?", [c.customerNo]);
    expect(changed.map((x) => (typeof x.body === 'string' ? JSON.parse(x.body) : x.body).payload)).toEqual([{ customerId: c.id, change: 'updated', fields: ['consentEmail'] }]);

    const again = await send(path, { method: 'POST', headers: oneClick, body: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('이미 수신거부되어 있습니다');
    expect(again.text).toContain('광고성 이메일은 보내지 않습니다');
    expect(await rows("SELECT id FROM audit_log WHERE resource = 'Customer' AND record_id = ?", [String(c.id)])).toHaveLength(1);
    expect((await send(path)).text).toContain('이미 수신거부되어 있습니다');
  });

  test('RFC 8058 one-click from a mailbox provider (no Origin, or its own Origin) works; other POSTs from a foreign Origin are still refused', async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    const ma = await newMessage(a.id, 'email');
    const mb = await newMessage(b.id, 'push');
    const noOrigin = await send(pathOf(links().unsubscribeUrl(ma)), { method: 'POST', headers: oneClick, body: 'List-Unsubscribe=One-Click' });
    expect(noOrigin.status).toBe(200);
    const webmail = await send(pathOf(links().unsubscribeUrl(mb)), {
      method: 'POST',
      headers: { ...oneClick, origin: 'https://mail.example.net' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(webmail.status).toBe(200);
    expect(await one('SELECT consent_email FROM customer WHERE id = ?', [a.id])).toEqual({ consent_email: 0 });
    expect(await one('SELECT consent_push FROM customer WHERE id = ?', [b.id])).toEqual({ consent_push: 0 });

    const foreign = { ...oneClick, origin: 'https://mail.example.net' };
    const click = pathOf(links().clickUrl(ma, 1, 'https://bank.example/'));
    for (const path of [click, `${pathOf(links().unsubscribeUrl(ma))}/x`, '/admin/login', '/admin/api/templates']) {
      expect((await send(path, { method: 'POST', headers: foreign, body: 'a=1' })).status).toBe(403);
    }
  });

  test('a customer the service would refuse to edit (a legacy name) is still unsubscribed at once, audited and announced', async () => {
    const c = await newCustomer('x');
    const m = await newMessage(c.id, 'sms');
    const r = await send(pathOf(links().unsubscribeUrl(m)), { method: 'POST', headers: oneClick, body: '' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('수신거부가 완료되었습니다');
    expect(await one('SELECT consent_sms, name FROM customer WHERE id = ?', [c.id])).toEqual({ consent_sms: 0, name: 'x' });
    expect(await rows("SELECT actor_email FROM audit_log WHERE resource = 'Customer' AND record_id = ?", [String(c.id)])).toEqual([{ actor_email: 'customer:unsubscribe-link' }]);
    expect(await rows("SELECT id FROM domain_event WHERE type = 'customer.changed' AND customer_no = ?", [c.customerNo])).toHaveLength(1);
  });
});

describe('conversion subscriber', () => {
  const converted = (customerNo: string, customerId: number, instanceId: number, occurredAt: Date, goalEventType?: string) =>
    makeDomainEvent({
      type: 'journey.converted',
      eventId: randomUUID(),
      occurredAt,
      customerNo,
      actor: { kind: 'journey', id: 900_001 },
      payload: { journeyId: 900_001, versionId: 900_002, instanceId, customerId, ...(goalEventType ? { goalEventType } : {}) },
    });

  test('marks the last message SENT or DELIVERED before the goal, once, with one message.converted, however often the event comes', async () => {
    const c = await newCustomer();
    const instanceId = Number(stamp());
    const t = Date.now();
    const older = await newMessage(c.id, 'sms', { instanceId, status: 'DELIVERED', sentAt: new Date(t - 60_000) });
    const last = await newMessage(c.id, 'email', { instanceId, status: 'SENT', sentAt: new Date(t - 30_000) });
    await newMessage(c.id, 'push', { instanceId, status: 'FAILED', sentAt: null });
    await newMessage(c.id, 'sms', { instanceId, status: 'QUEUED', sentAt: null });
    const after = await newMessage(c.id, 'push', { instanceId, status: 'SENT', sentAt: new Date(t + 60_000) });
    const other = await newMessage(c.id, 'sms', { instanceId: instanceId + 1, status: 'SENT', sentAt: new Date(t - 10_000) });

    const sub = messageConversionSubscriber(ds);
    expect(sub.types).toEqual(['journey.converted']);
    const event = converted(c.customerNo, c.id, instanceId, new Date(t), 'transfer.completed');
    await sub.handler([event]);
    await sub.handler([event]);
    await sub.handler([converted(c.customerNo, c.id, instanceId, new Date(t), 'transfer.completed')]);

    const marked = await rows('SELECT id FROM message WHERE customer_id = ? AND converted_at IS NOT NULL', [c.id]);
    expect(marked.map((r) => Number(r.id))).toEqual([last.id]);
    for (const m of [older, after, other]) expect(await eventsOf('message.converted', m.id)).toHaveLength(0);
    const events = await eventsOf('message.converted', last.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      customerNo: c.customerNo,
      payload: { messageId: last.id, customerId: c.id, channel: 'email', journeyId: 900_001, goalEventType: 'transfer.completed' },
    });
  });

  test('an instance that sent nothing converts nothing; a goal block without a goal event is named goalNode', async () => {
    const c = await newCustomer();
    const instanceId = Number(stamp());
    const sub = messageConversionSubscriber(ds);
    await sub.handler([converted(c.customerNo, c.id, instanceId, new Date())]);
    expect(await rows('SELECT id FROM message WHERE customer_id = ? AND converted_at IS NOT NULL', [c.id])).toHaveLength(0);
    const m = await newMessage(c.id, 'push', { instanceId, status: 'DELIVERED', sentAt: new Date(Date.now() - 1000) });
    await sub.handler([converted(c.customerNo, c.id, instanceId, new Date())]);
    expect((await eventsOf('message.converted', m.id)).map((e) => e.payload.goalEventType)).toEqual(['goalNode']);
  });
});
