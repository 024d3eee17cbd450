import { renderTemplate } from '../engine/channels/content/render-template.js';
import { startChannelHarness, type ChannelHarness } from './support/channel-harness.js';

/**
 * The channel workers end to end: a journey's send command (or a queued
 * message row) → the Bull channel queue → decideSend → the real protocol
 * client → the local SMTP server, SMSC and push receiver this test starts,
 * and back (SENT, receipts, decisions, domain events). The clock is the
 * test's; everything else is real.
 */
let h: ChannelHarness;

beforeAll(async () => {
  h = await startChannelHarness({ CHANNEL_FREQUENCY_CAPS: 'sms:1/3,email:1/3,push:2/5', CHANNEL_ATTEMPTS: '3' }, { breaker: { failureThreshold: 2, resetTimeoutMs: 400 } });
});

afterAll(async () => {
  await h?.close();
});

const smsTo = (mobile: string) => h.gw.received().sms.filter((s) => s.destination === mobile);
const mailTo = (email: string) => h.gw.received().email.filter((m) => m.to.includes(email));
const pushTo = (token: string) => h.gw.received().push.filter((p) => p.token === token);
const eventsOf = async (messageId: number) =>
  (await h.ds.query("SELECT type, body FROM domain_event WHERE type LIKE 'message.%' AND JSON_VALUE(body, '$.payload.messageId') = ? ORDER BY id", [messageId])).map(
    (r: { type: string }) => r.type,
  );
const decisionsOf = async (messageId: number) =>
  (await h.ds.query('SELECT outcome, reason, checks, consents, hold_until FROM message_decision WHERE message_id = ? ORDER BY id', [messageId])) as Array<{
    outcome: string;
    reason: string | null;
    checks: string | Array<{ rule: string; ok: boolean }>;
    consents: string | Record<string, boolean>;
    hold_until: Date | null;
  }>;
const json = <T>(v: string | T): T => (typeof v === 'string' ? JSON.parse(v) : v);

const adSms = { text: '{{ customer.name }} 고객님, 정기예금 특판 안내드립니다.' };
const infoSms = { text: '{{ customer.name }} 고객님, 예금 만기 안내입니다.' };

describe('SMS over SMPP', () => {
  test('an advertising SMS from a journey reaches the SMSC with (광고) and the 080 opt-out in EUC-KR, is SENT with the gateway id, then DELIVERED by its receipt', async () => {
    const c = await h.customer();
    const t = await h.template({ channel: 'sms', kind: 'advertising', definition: adSms });
    const id = await h.sendThroughJourney(c, 'sms', t);
    const sent = await h.waitStatus(id, ['DELIVERED']);
    const [sms] = smsTo(c.mobile);
    expect(sms).toBeDefined();
    expect(sms!.text.startsWith('(광고)')).toBe(true);
    expect(sms!.text).toContain('홍길동 고객님');
    expect(sms!.text).toContain(`무료수신거부 ${h.config.bank.optOutNumber}`);
    expect(sms!.dataCoding).toBe(0x0e);
    expect(sms!.registeredDelivery).toBe(1);
    expect(sent.provider_message_id).toBe(sms!.messageId);
    expect(sent.recipient_masked).toMatch(/\*/);
    expect(json<{ type: string; encoding: string }>(sent.render_meta)).toMatchObject({ type: sms!.bytes <= 90 ? 'SMS' : 'LMS', encoding: 'EUC-KR' });
    expect(sent.delivered_at).not.toBeNull();
    expect(await eventsOf(id)).toEqual(['message.requested', 'message.sent', 'message.delivered']);
    const [decision] = await decisionsOf(id);
    expect(decision).toMatchObject({ outcome: 'send', reason: null });
    expect(json<Array<{ rule: string; ok: boolean }>>(decision!.checks).every((x) => x.ok)).toBe(true);
    expect(json(decision!.consents)).toEqual({ sms: true, email: true, push: true, night: false });
  });

  test('90 bytes is an SMS, 91 bytes an LMS (EUC-KR: a Hangul syllable is 2 bytes), counted on the text as sent', async () => {
    const c = await h.customer();
    const ctx = { customer: { name: '홍길동' }, bank: h.config.bank };
    const textOf = (n: number) => `안내 ${'a'.repeat(n)}`;
    const bytesOf = (n: number) => {
      const r = renderTemplate({ version: 1, channel: 'sms', kind: 'informational', text: textOf(n), usesRecommendations: false } as never, ctx);
      if (r.status !== 'rendered' || r.message.channel !== 'sms') throw new Error('render');
      return r.message.sms.bytes;
    };
    const n90 = Array.from({ length: 100 }, (_, i) => i).find((n) => bytesOf(n) === 90)!;
    const at90 = await h.queueMessage(c, 'sms', await h.template({ channel: 'sms', kind: 'informational', definition: { text: textOf(n90) } }));
    const at91 = await h.queueMessage(c, 'sms', await h.template({ channel: 'sms', kind: 'informational', definition: { text: textOf(n90 + 1) } }));
    const m90 = await h.waitStatus(at90, ['SENT', 'DELIVERED']);
    const m91 = await h.waitStatus(at91, ['SENT', 'DELIVERED']);
    expect(json(m90.render_meta)).toMatchObject({ type: 'SMS', bytes: 90 });
    expect(json(m91.render_meta)).toMatchObject({ type: 'LMS', bytes: 91 });
    expect(
      smsTo(c.mobile)
        .map((s) => s.bytes)
        .sort(),
    ).toEqual([90, 91]);
  });

  test('a throttling SMSC (ESME_RTHROTTLED) slows the client down; every message still arrives exactly once', async () => {
    h.gw.servers.smsc.setMaxSubmitsPerSecond(4);
    try {
      const sms = h.channels.gateways.sms as unknown as { throttledCount: number };
      const before = sms.throttledCount;
      const t = await h.template({ channel: 'sms', kind: 'informational', definition: infoSms });
      const customers = await Promise.all(Array.from({ length: 10 }, () => h.customer()));
      const ids = await Promise.all(customers.map((c) => h.queueMessage(c, 'sms', t)));
      for (const id of ids) await h.waitStatus(id, ['SENT', 'DELIVERED'], 20_000);
      expect(sms.throttledCount).toBeGreaterThan(before);
      for (const c of customers) expect(smsTo(c.mobile)).toHaveLength(1);
    } finally {
      h.gw.servers.smsc.setMaxSubmitsPerSecond(undefined);
    }
  });

  test('a dead SMSC: attempts are retried with backoff, the breaker opens instead of burning them, and the message goes once the SMSC is back', async () => {
    const c = await h.customer();
    const t = await h.template({ channel: 'sms', kind: 'informational', definition: infoSms });
    h.gw.servers.smsc.setDead('refuse-bind');
    let revived = false;
    try {
      const id = await h.queueMessage(c, 'sms', t);
      // Failed attempts are recorded (message.failed, willRetry) and the row goes back to QUEUED with the reason.
      await waitFor(async () => (await eventsOf(id)).filter((e: string) => e === 'message.failed').length >= 1, 'a failed attempt');
      const m = await h.message(id);
      expect(m.status_reason).toMatch(/^smpp/);
      await waitFor(async () => h.channels.deliverer.breakers.sms.state !== 'closed', 'the breaker to open');
      expect(smsTo(c.mobile)).toHaveLength(0);
      h.gw.servers.smsc.setDead(false);
      revived = true;
      await h.waitStatus(id, ['SENT', 'DELIVERED'], 20_000);
      expect(smsTo(c.mobile)).toHaveLength(1);
    } finally {
      if (!revived) h.gw.servers.smsc.setDead(false);
    }
  });
});

test('a gateway that stays dead: after the last attempt the message is FAILED with the reason, each attempt a message.failed event', async () => {
  const c = await h.customer();
  const t = await h.template({ channel: 'sms', kind: 'informational', definition: infoSms });
  h.gw.servers.smsc.setDead('refuse-bind');
  try {
    const id = await h.queueMessage(c, 'sms', t);
    const m = await h.waitStatus(id, ['FAILED', 'SENT', 'DELIVERED'], 20_000);
    expect(m).toMatchObject({ status: 'FAILED', status_reason: 'attemptsExhausted: smppBindFailed', attempt_count: 3 });
    const failed = await h.ds.query(
      "SELECT JSON_VALUE(body, '$.payload.willRetry') willRetry FROM domain_event WHERE type = 'message.failed' AND JSON_VALUE(body, '$.payload.messageId') = ? ORDER BY id",
      [id],
    );
    expect(failed.map((f: { willRetry: string }) => f.willRetry)).toEqual(['1', '1', '0']);
    expect(smsTo(c.mobile)).toHaveLength(0);
  } finally {
    h.gw.servers.smsc.setDead(false);
  }
  // The breaker closes again on the next success.
  await waitFor(async () => {
    await h.channels.deliverer.breakers.sms.fire({ messageId: 0, to: '01000000000', text: 'probe', type: 'SMS', encoding: 'EUC-KR' }).catch(() => undefined);
    return h.channels.deliverer.breakers.sms.state === 'closed';
  }, 'the breaker to close');
});

describe('e-mail over SMTP', () => {
  test('advertising: (광고) subject, sender and unsubscribe link in the body, one-click List-Unsubscribe headers, our Message-ID; the link withdraws e-mail consent', async () => {
    const c = await h.customer();
    const t = await h.template({
      channel: 'email',
      kind: 'advertising',
      definition: {
        subject: '{{ customer.name }} 고객님, 이달의 금리 혜택',
        html: '<!doctype html><html><body><p>{{ customer.name }} 고객님</p><p><a href="https://www.bank.example/event">자세히 보기</a></p></body></html>',
        text: '{{ customer.name }} 고객님, 자세히 보기: https://www.bank.example/event',
      },
    });
    const id = await h.sendThroughJourney(c, 'email', t);
    const sent = await h.waitStatus(id, ['SENT']);
    const [mail] = mailTo(c.email);
    expect(mail).toBeDefined();
    expect(mail!.subject).toMatch(/^\(광고\) 홍길동 고객님/);
    expect(mail!.messageId).toBe(sent.provider_message_id);
    expect(mail!.messageId).toMatch(new RegExp(`^<m${id}\\.[0-9a-f]+@bank\\.example>$`));
    const listUnsubscribe = String(mail!.headers['list-unsubscribe'] ?? '');
    expect(listUnsubscribe).toContain(`${h.trackingUrl}/u/`);
    expect(String(mail!.headers['list-unsubscribe-post'] ?? '')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.html).toContain(h.config.bank.name);
    // The event link is tracked through the signed redirect; the unsubscribe link is not rewritten.
    expect(mail!.html).toContain(`${h.trackingUrl}/t/c/`);
    expect(mail!.html).not.toContain('href="https://www.bank.example/event"');
    expect(mail!.html).toContain(`${h.trackingUrl}/t/o/`);

    const unsubscribe = /<(http[^>]+\/u\/[^>]+)>/.exec(listUnsubscribe)![1]!;
    const res = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const [after] = await h.ds.query('SELECT consent_email, consent_sms FROM customer WHERE id = ?', [c.id]);
    expect(after).toEqual({ consent_email: 0, consent_sms: 1 });
    const audit = await h.ds.query("SELECT action FROM audit_log WHERE resource = 'Customer' AND record_id = ? ORDER BY id DESC LIMIT 1", [String(c.id)]);
    expect(audit.length).toBe(1);

    // The next advertising e-mail is suppressed for want of consent.
    const next = await h.queueMessage(c, 'email', t);
    expect(await h.waitStatus(next, ['SUPPRESSED'])).toMatchObject({ status_reason: 'noMarketingConsent' });
    expect(mailTo(c.email)).toHaveLength(1);
  });

  test('informational e-mail: no (광고), no List-Unsubscribe, and sent without marketing consent', async () => {
    const c = await h.customer({ consent: { email: false } });
    const t = await h.template({
      channel: 'email',
      kind: 'informational',
      definition: { subject: '예금 만기 안내', html: '<p>{{ customer.name }} 고객님의 예금이 곧 만기입니다.</p>', text: '{{ customer.name }} 고객님의 예금이 곧 만기입니다.' },
    });
    const id = await h.queueMessage(c, 'email', t);
    await h.waitStatus(id, ['SENT']);
    const [mail] = mailTo(c.email);
    expect(mail!.subject).toBe('예금 만기 안내');
    expect(mail!.headers['list-unsubscribe']).toBeUndefined();
  });
});

describe('push over HTTP (FCM v1)', () => {
  test('advertising push: (광고) title, how to turn it off, the FCM name recorded; informational push plain', async () => {
    const c = await h.customer();
    const ad = await h.template({
      channel: 'push',
      kind: 'advertising',
      definition: { title: '금리 우대 이벤트', body: '{{ customer.name }} 고객님께만 드리는 혜택', deepLink: 'bank://event/1' },
    });
    const info = await h.template({ channel: 'push', kind: 'informational', definition: { title: '로그인 알림', body: '새 기기에서 로그인했습니다.' } });
    const adId = await h.sendThroughJourney(c, 'push', ad);
    const infoId = await h.queueMessage(c, 'push', info);
    const adMsg = await h.waitStatus(adId, ['SENT']);
    await h.waitStatus(infoId, ['SENT']);
    const got = pushTo(c.token);
    const adPush = got.find((p) => p.title?.includes('금리'))!;
    expect(adPush.title).toMatch(/^\(광고\)/);
    expect(adPush.body).toMatch(/수신거부|알림 설정|끄/);
    expect(adPush.data).toMatchObject({ messageId: String(adId), deepLink: 'bank://event/1' });
    expect(adMsg.provider_message_id).toBe(adPush.name);
    expect(got.find((p) => p.title === '로그인 알림')).toBeDefined();
  });
});

describe('the law at send time', () => {
  test('withdrawn, dormant, no consent, no address, expired review: each suppressed with its reason and decision; an informational message needs no consent', async () => {
    const adT = await h.template({ channel: 'sms', kind: 'advertising', definition: adSms });
    const infoT = await h.template({ channel: 'sms', kind: 'informational', definition: infoSms });
    const expired = await h.template({
      channel: 'sms',
      kind: 'informational',
      definition: infoSms,
      validFrom: new Date(h.now().getTime() - 20 * 86_400_000),
      validUntil: new Date(h.now().getTime() - 86_400_000),
    });
    const cases: Array<[Promise<number>, string]> = [
      [h.customer({ status: 'WITHDRAWN' }).then((c) => h.queueMessage(c, 'sms', infoT)), 'customerWithdrawn'],
      [h.customer({ status: 'DORMANT' }).then((c) => h.queueMessage(c, 'sms', infoT)), 'customerDormant'],
      [h.customer({ consent: { sms: false } }).then((c) => h.queueMessage(c, 'sms', adT)), 'noMarketingConsent'],
      [h.customer({ noContact: true }).then((c) => h.queueMessage(c, 'sms', infoT)), 'noRecipient'],
      [h.customer().then((c) => h.queueMessage(c, 'sms', expired)), 'templateReviewExpired'],
    ];
    for (const [p, reason] of cases) {
      const id = await p;
      expect(await h.waitStatus(id, ['SUPPRESSED', 'SENT', 'DELIVERED'])).toMatchObject({ status: 'SUPPRESSED', status_reason: reason });
      const [d] = await decisionsOf(id);
      expect(d).toMatchObject({ outcome: 'suppress', reason });
      expect(await eventsOf(id)).toEqual(['message.suppressed']);
    }
    const noConsent = await h.customer({ consent: { sms: false } });
    const infoId = await h.queueMessage(noConsent, 'sms', infoT);
    await h.waitStatus(infoId, ['SENT', 'DELIVERED']);
    expect(smsTo(noConsent.mobile)).toHaveLength(1);
  });

  test('a fund the customer may not be offered is suppressed as unsuitable; a stale assessment as expired; a suitable one sends and keeps the 10-year recommendation record', async () => {
    const fund = { id: h.fundId };
    const t = await h.template({ channel: 'sms', kind: 'advertising', definition: { text: '{{ customer.name }} 고객님께 맞는 펀드를 소개합니다.', productId: Number(fund.id) } });
    const stable = await h.customer({ propensity: 'STABLE' });
    const stale = await h.customer({ propensity: 'AGGRESSIVE', propensityAssessedAt: new Date(h.now().getTime() - 400 * 86_400_000) });
    const fit = await h.customer({ propensity: 'AGGRESSIVE' });
    const [a, b, ok] = [await h.queueMessage(stable, 'sms', t), await h.queueMessage(stale, 'sms', t), await h.queueMessage(fit, 'sms', t)];
    expect(await h.waitStatus(a, ['SUPPRESSED', 'SENT', 'DELIVERED'])).toMatchObject({ status: 'SUPPRESSED', status_reason: 'unsuitable' });
    expect(await h.waitStatus(b, ['SUPPRESSED', 'SENT', 'DELIVERED'])).toMatchObject({ status: 'SUPPRESSED', status_reason: 'suitabilityProfileExpired' });
    await h.waitStatus(ok, ['SENT', 'DELIVERED']);
    const [record] = await h.ds.query('SELECT product_id, propensity, suitability_applies, retain_until, decided_at FROM recommendation_record WHERE message_id = ?', [ok]);
    expect(record).toMatchObject({ product_id: Number(fund.id), propensity: 'AGGRESSIVE', suitability_applies: 1 });
    expect(new Date(record.retain_until).getUTCFullYear()).toBe(new Date(record.decided_at).getUTCFullYear() + 10);
    expect(await h.ds.query('SELECT 1 FROM recommendation_record WHERE message_id IN (?, ?)', [a, b])).toHaveLength(0);
  });

  test('advertising at 22:00 Seoul without night consent is held until 08:00 (not dropped), then released and sent; with night consent it goes at once', async () => {
    h.setClock('2031-03-05T13:00:00Z'); // 22:00 in Seoul
    try {
      const t = await h.template({ channel: 'sms', kind: 'advertising', definition: adSms });
      const day = await h.customer();
      const night = await h.customer({ consent: { night: true } });
      const held = await h.sendThroughJourney(day, 'sms', t);
      const now = await h.sendThroughJourney(night, 'sms', t);
      const m = await h.waitStatus(held, ['HELD']);
      expect(new Date(m.hold_until).toISOString()).toBe('2031-03-05T23:00:00.000Z'); // 08:00 Seoul next day
      await h.waitStatus(now, ['SENT', 'DELIVERED']);
      expect(smsTo(day.mobile)).toHaveLength(0);
      expect(await eventsOf(held)).toEqual(['message.requested', 'message.held']);
      // 07:59: the sweep finds nothing due. 08:00: released, decided again, sent.
      h.setClock('2031-03-05T22:59:00Z');
      await h.channels.workers.sweep();
      expect((await h.message(held)).status).toBe('HELD');
      h.setClock('2031-03-05T23:00:00Z');
      expect((await h.channels.workers.sweep()).released).toBeGreaterThanOrEqual(1);
      await h.waitStatus(held, ['SENT', 'DELIVERED']);
      expect(smsTo(day.mobile)).toHaveLength(1);
      expect((await decisionsOf(held)).map((d) => d.outcome)).toEqual(['hold', 'send']);
    } finally {
      h.setClock('2031-03-04T01:00:00Z');
    }
  });

  test('two journeys racing for the last advertising slot of the day: exactly one message is sent, the other suppressed by the cap', async () => {
    const c = await h.customer();
    const t1 = await h.template({ channel: 'sms', kind: 'advertising', definition: adSms });
    const t2 = await h.template({ channel: 'sms', kind: 'advertising', definition: { text: '{{ customer.name }} 고객님, 카드 혜택 안내입니다.' } });
    const [a, b] = await Promise.all([h.sendThroughJourney(c, 'sms', t1), h.sendThroughJourney(c, 'sms', t2)]);
    const ma = await h.waitStatus(a, ['SENT', 'DELIVERED', 'SUPPRESSED']);
    const mb = await h.waitStatus(b, ['SENT', 'DELIVERED', 'SUPPRESSED']);
    const statuses = [ma, mb].map((m) => (m.status === 'SUPPRESSED' ? `SUPPRESSED:${m.status_reason}` : 'SENT')).sort();
    expect(statuses).toEqual(['SENT', 'SUPPRESSED:frequencyCapDay']);
    expect(smsTo(c.mobile)).toHaveLength(1);
  });
});

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
