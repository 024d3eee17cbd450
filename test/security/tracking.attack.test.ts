import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { createTrackingLinks, type MessageRef } from '../../engine/channels/tracking/tracking-links.js';
import { testDb, queries } from '../support/db.js';
import { stamp } from '../support/unique.js';
import { baseUrl, testEnv } from '../support/test-env.js';
import { pathOf, platformLinks, send } from '../support/tracking-http.js';

/**
 * Attacks on the public tracking routes (/t/o, /t/c, /u) of the running
 * platform: forged and tampered tokens, tokens made with another key, a
 * token of one purpose or message used for another, open-redirect attempts,
 * oversized and odd tokens, and what the answers let out (no personal data,
 * no stack, the same GIF for good and bad pixels).
 *
 * Links are signed with the suite platform's known key (test/support/tracking-http.ts).
 */
let db: Connection;
const { rows, one } = queries(() => db);
const links = platformLinks;
const attacker = createTrackingLinks({ publicUrl: baseUrl(), secret: 'not-the-platform-secret-0123456789abcdef' });

const tokenOf = (url: string) => /\/(?:t\/[oc]|u)\/([A-Za-z0-9_-]+)/.exec(url)![1]!;
const post = (path: string, headers: Record<string, string> = {}) =>
  send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'List-Unsubscribe=One-Click' });

let victim: { id: number; customerNo: string };
let other: { id: number; customerNo: string };
let victimMessage: MessageRef;
let otherMessage: MessageRef;
/** For the attacks that need a valid link to be followed: its records are expected, so it is not the victims'. */
let spareMessage: MessageRef;

async function newCustomer(): Promise<{ id: number; customerNo: string }> {
  const customerNo = `X${stamp()}`;
  const [r] = (await db.query(
    `INSERT INTO customer (customer_no, name, status, mobile_masked, email_masked, consent_sms, consent_sms_at, consent_email, consent_email_at, consent_push, consent_push_at)
     VALUES (?, '최공격', 'ACTIVE', '010-****-9876', 'vi***@victim.example', 1, NOW(3), 1, NOW(3), 1, NOW(3))`,
    [customerNo],
  )) as any;
  return { id: Number(r.insertId), customerNo };
}
async function newMessage(customerId: number, channel: MessageRef['channel']): Promise<MessageRef> {
  const [r] = (await db.query(
    `INSERT INTO message (idempotency_key, channel, template_id, customer_id, status, requested_at, updated_at, sent_at) VALUES (?, ?, 1, ?, 'SENT', NOW(3), NOW(3), NOW(3))`,
    [`attack-${randomUUID()}`, channel, customerId],
  )) as any;
  return { messageId: Number(r.insertId), customerId, channel };
}
const untouched = async () => {
  for (const m of [victimMessage, otherMessage]) {
    expect(await one('SELECT opened_at, clicked_at FROM message WHERE id = ?', [m.messageId])).toEqual({ opened_at: null, clicked_at: null });
    expect(await rows('SELECT id FROM message_click WHERE message_id = ?', [m.messageId])).toHaveLength(0);
  }
  for (const c of [victim, other]) {
    expect(await one('SELECT consent_sms, consent_email, consent_push FROM customer WHERE id = ?', [c.id])).toEqual({ consent_sms: 1, consent_email: 1, consent_push: 1 });
    expect(await rows('SELECT id FROM domain_event WHERE customer_no = ?', [c.customerNo])).toHaveLength(0);
  }
};

beforeAll(async () => {
  db = await testDb();
  [victim, other] = [await newCustomer(), await newCustomer()];
  victimMessage = await newMessage(victim.id, 'email');
  otherMessage = await newMessage(other.id, 'sms');
  spareMessage = await newMessage((await newCustomer()).id, 'sms');
});
afterAll(async () => {
  await db?.end();
});

describe('forged tokens', () => {
  test('tokens signed with another key, random bytes, truncated, padded or re-encoded are refused everywhere and change nothing', async () => {
    const valid = tokenOf(links().unsubscribeUrl(victimMessage));
    const forged = [
      tokenOf(attacker.unsubscribeUrl(victimMessage)),
      tokenOf(attacker.clickUrl(victimMessage, 1, 'https://evil.example/')),
      tokenOf(attacker.openPixelUrl(victimMessage)),
      randomBytes(40).toString('base64url'),
      valid.slice(0, -1),
      `${valid}A`,
      `${valid}==`,
      Buffer.from(valid, 'base64url').toString('base64'),
      'A'.repeat(3001),
      '%00',
      '..%2F..%2Fadmin',
    ];
    for (const t of forged) {
      const c = await send(`/t/c/${t}`);
      // 404: a standard-base64 spelling may hold '/', and then no route matches at all.
      expect([400, 404]).toContain(c.status);
      expect(c.headers.location).toBeUndefined();
      const u = await send(`/u/${t}`);
      expect([400, 404]).toContain(u.status);
      expect(u.text).not.toMatch(/<form/);
      const p = await post(`/u/${t}`);
      expect([400, 403, 404]).toContain(p.status);
      const o = await send(`/t/o/${t}.gif`);
      if (o.status === 200) expect(o.headers['content-type']).toBe('image/gif');
    }
    await untouched();
  });

  test('a valid signature over bytes that do not decode (the attacker cannot make one, but a reader must not trust the key alone) is refused', async () => {
    // An unsubscribe head byte with a truncated varint, correctly signed with the platform's key.
    const payload = Buffer.from([0x10 | (2 << 2) | 1, 0xff]);
    const mac = createHmac('sha256', testEnv.trackingSecret).update(payload).digest().subarray(0, 16);
    expect((await post(`/u/${Buffer.concat([payload, mac]).toString('base64url')}`)).status).toBe(400);
    await untouched();
  });

  test('the pixel answers a forged token exactly like a valid one (no oracle for guessing tokens)', async () => {
    const m = { ...spareMessage, channel: 'email' as const, messageId: (await newMessage(spareMessage.customerId, 'email')).messageId };
    const good = await send(pathOf(links().openPixelUrl(m)));
    const bad = await send(pathOf(attacker.openPixelUrl(m)));
    expect(bad.status).toBe(good.status);
    expect(bad.body.equals(good.body)).toBe(true);
    for (const h of ['content-type', 'content-length', 'cache-control', 'cross-origin-resource-policy']) expect(bad.headers[h]).toBe(good.headers[h]);
  });
});

describe('a token used for something it was not made for', () => {
  test('an open or click token of a message is no unsubscribe token; an unsubscribe token records no open', async () => {
    const open = tokenOf(links().openPixelUrl(victimMessage));
    const click = tokenOf(links().clickUrl(victimMessage, 1, 'https://bank.example/'));
    const unsubscribe = tokenOf(links().unsubscribeUrl(victimMessage));
    for (const t of [open, click]) {
      expect((await post(`/u/${t}`)).status).toBe(400);
      expect((await send(`/u/${t}`)).status).toBe(400);
    }
    expect((await send(`/t/c/${open}`)).status).toBe(400);
    expect((await send(`/t/c/${unsubscribe}`)).status).toBe(400);
    await send(`/t/o/${unsubscribe}.gif`);
    await send(`/t/o/${click}.gif`);
    await untouched();
  });

  test("one message's tag spliced onto another message's ids is refused", async () => {
    const a = Buffer.from(tokenOf(links().unsubscribeUrl(victimMessage)), 'base64url');
    const b = Buffer.from(tokenOf(links().unsubscribeUrl(otherMessage)), 'base64url');
    const spliced = Buffer.concat([b.subarray(0, b.length - 16), a.subarray(a.length - 16)]).toString('base64url');
    expect((await post(`/u/${spliced}`)).status).toBe(400);
    await untouched();
  });

  test('a signed token whose ids do not match a message row (message of one customer, ids of another) records nothing', async () => {
    const mixed = { messageId: otherMessage.messageId, customerId: victim.id, channel: otherMessage.channel };
    await send(pathOf(links().openPixelUrl(mixed)));
    const r = await send(pathOf(links().clickUrl(mixed, 1, 'https://bank.example/promo')));
    expect(r.status).toBe(302);
    const wrongChannel = { ...victimMessage, channel: 'push' as const };
    await send(pathOf(links().openPixelUrl(wrongChannel)));
    await send(pathOf(links().clickUrl(wrongChannel, 1, 'https://bank.example/promo')));
    await untouched();
  });
});

describe('open redirect', () => {
  test('the redirect goes to the signed URL only: query parameters, extra path and encoded URLs in place of a token do not steer it', async () => {
    const url = pathOf(links().clickUrl(spareMessage, 1, 'https://bank.example/safe'));
    const attempts = [
      `${url}?url=https://evil.example/`,
      `${url}?redirect=//evil.example`,
      `${url}/https://evil.example/`,
      `${url}%2F%2Fevil.example`,
      '/t/c/https%3A%2F%2Fevil.example%2F',
      '/t/c//evil.example',
      '/t/c/%2F%2Fevil.example',
      `/t/c/${Buffer.from('https://evil.example/').toString('base64url')}`,
    ];
    for (const path of attempts) {
      const r = await send(path);
      if (r.status === 302) expect(r.headers.location).toBe('https://bank.example/safe');
      else expect(r.headers.location ?? '').not.toMatch(/evil/);
    }
    // A javascript: or data: target cannot be signed by the platform's own code in the first place.
    expect(() => links().clickUrl(otherMessage, 1, 'javascript:alert(1)')).toThrow();
    expect(() => links().clickUrl(otherMessage, 1, 'data:text/html,x')).toThrow();
  });

  test('a CRLF or quote in the signed URL cannot split headers or break out of the Location', async () => {
    const r = await send(pathOf(links().clickUrl(spareMessage, 2, 'https://bank.example/a\r\nSet-Cookie: x=1"<b>')));
    if (r.status === 302) {
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.headers.location).not.toMatch(/[\r\n"<]/);
    } else {
      expect(r.status).toBe(400);
    }
  });
});

describe('what the answers let out', () => {
  test('no personal data, stack or SQL on any tracking page; the unsubscribe page runs under the CSP with no script', async () => {
    const replies = [
      await send(pathOf(links().unsubscribeUrl(victimMessage))),
      await send(`/u/${randomBytes(30).toString('base64url')}`),
      await send(`/t/c/${randomBytes(30).toString('base64url')}`),
      await send('/t/c/%E0%A4%A'),
    ];
    for (const r of replies) {
      for (const leak of ['최공격', victim.customerNo, '9876', 'vi***', 'victim.example', 'Error:', 'SELECT', 'sql']) expect(r.text).not.toContain(leak);
      expect(r.text).not.toMatch(/\n\s+at /);
      expect(r.headers['content-security-policy']).toBeDefined();
      expect(r.text).not.toMatch(/<script/i);
    }
    await untouched();
  });

  test('invalid click and unsubscribe tokens are answered with 400 in Korean and English, for POST too', async () => {
    const t = randomBytes(30).toString('base64url');
    for (const r of [await send(`/t/c/${t}`), await send(`/u/${t}`), await post(`/u/${t}`)]) {
      expect(r.status).toBe(400);
      expect(r.text).toContain('링크가 올바르지 않습니다');
      expect(r.text).toContain('This link is not valid');
    }
  });
});
