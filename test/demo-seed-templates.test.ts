import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { renderTemplate, type RenderedMessage } from '../engine/channels/content/index.js';
import { exampleJourneys } from '../engine/definitions/journey/journey-examples.js';
import { TemplateService } from '../resources/template/template.service.js';
import { demoTemplates, type DemoTemplateKey } from '../seeds/demo-templates.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';

/**
 * The demo's messages and devices, as the platform seeded them at start (the
 * suite's global setup): eight templates approved through the compliance
 * review, renderable for a seeded customer with the legal marking the law
 * asks of the advertising ones, the example journeys sending them, and one
 * app installation per customer who agreed to push messages.
 */
let ds: DataSource;
const sender = { name: '한빛은행', contactNumber: '1588-0000', optOutNumber: '080-123-4567' };

interface Row {
  id: number;
  name: string;
  channel: string;
  kind: string;
  status: string;
  review_number: string | null;
  valid_from: Date;
  valid_until: Date;
  author: string;
  approver: string;
  problems: unknown;
}
let rows: Row[];
const byKey = (key: DemoTemplateKey) => rows.find((r) => r.name === demoTemplates.find((t) => t.key === key)!.name)!;

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  rows = await ds.query(
    `SELECT t.id, t.name, t.channel, t.kind, t.status, t.review_number, t.valid_from, t.valid_until, a.email AS author, p.email AS approver, t.problems
       FROM message_template t LEFT JOIN staff a ON a.id = t.author_id LEFT JOIN staff p ON p.id = t.approver_id
      WHERE t.name IN (?) ORDER BY t.id`,
    [demoTemplates.map((t) => t.name)],
  );
});
afterAll(async () => {
  await ds.destroy();
});

test('eight templates, written by the demo marketer and approved by compliance with a 심의필 번호 valid now for about a year', async () => {
  expect(rows.map((r) => r.name).sort()).toEqual(demoTemplates.map((t) => t.name).sort());
  const now = Date.now();
  for (const r of rows) {
    expect({ name: r.name, status: r.status, author: r.author, approver: r.approver }).toEqual({
      name: r.name,
      status: 'APPROVED',
      author: 'marketer@demo.bank',
      approver: 'compliance@demo.bank',
    });
    expect(r.review_number).toMatch(/^준법감시인 심의필 제\d{4}-0\d\d호$/);
    expect(new Date(r.valid_from).getTime()).toBeLessThan(now);
    expect(new Date(r.valid_until).getTime()).toBeGreaterThan(now + 300 * 86_400_000);
    expect(typeof r.problems === 'string' ? JSON.parse(r.problems) : r.problems).toEqual([]);
  }
  expect(new Set(rows.map((r) => r.review_number)).size).toBe(8);
  // Informational: the welcome and the maturity notices; everything else advertises.
  expect(Object.fromEntries(demoTemplates.map((t) => [t.key, [byKey(t.key).channel, byKey(t.key).kind]]))).toEqual({
    welcomePush: ['push', 'informational'],
    appGuideEmail: ['email', 'advertising'],
    appReminderSms: ['sms', 'advertising'],
    maturityNoticeSms: ['sms', 'informational'],
    maturityReminderPush: ['push', 'advertising'],
    fundNudgePush: ['push', 'advertising'],
    fundNudgeSms: ['sms', 'advertising'],
    maturityDayEmail: ['email', 'informational'],
  });
  const audit = await ds.query("SELECT action, COUNT(*) AS n FROM audit_log WHERE resource = 'MessageTemplate' AND record_id IN (?) GROUP BY action ORDER BY action", [
    rows.map((r) => String(r.id)),
  ]);
  expect(audit.map((a: { action: string; n: number }) => [a.action, Number(a.n)])).toEqual([
    ['template.approve', 8],
    ['template.create', 8],
    ['template.submit', 8],
  ]);
});

test('the example journeys send them: every send block on the seeded template of its channel, which the channel may send now', async () => {
  const templates = new TemplateService(ds);
  const versions: Array<{ name: string; definition: unknown }> = await ds.query(
    'SELECT j.name, v.definition FROM journey j JOIN journey_version v ON v.id = j.published_version_id WHERE j.name IN (?)',
    [exampleJourneys().map((j) => j.name)],
  );
  expect(versions).toHaveLength(4);
  const sent: Array<[string, string, string]> = [];
  for (const v of versions) {
    const d = (typeof v.definition === 'string' ? JSON.parse(v.definition) : v.definition) as { nodes: Array<{ type: string; id: string; channel: string; templateId: number }> };
    for (const n of d.nodes.filter((x) => x.type === 'sendMessage')) {
      const t = rows.find((r) => Number(r.id) === n.templateId);
      expect({ node: n.id, template: t?.name, channel: t?.channel }).toEqual({ node: n.id, template: expect.any(String), channel: n.channel });
      const forSend = await templates.templateForSend(n.templateId, new Date());
      expect(forSend.status).toBe('valid');
      sent.push([n.id, n.channel, t!.name]);
    }
  }
  // The maturity notice SMS is sent by two journeys (the weekly reminder and the maturity day).
  expect(sent).toHaveLength(9);
  expect(new Set(sent.map((s) => s[2])).size).toBe(8);
});

describe('rendered for a seeded customer', () => {
  let customer: { name: string };
  const recommendation = { name: '한빛 글로벌 배당주 증권투자신탁(주식)', rateText: '최근 1년 수익률 8.2%', url: 'https://bank.example/f/FD-003' };
  const render = (key: DemoTemplateKey, extra: { recommendations?: unknown[]; unsubscribeUrl?: string } = {}): RenderedMessage => {
    // The stored definition of the approved revision, as the channel reads it.
    const template = demoTemplates.find((t) => t.key === key)!;
    const r = renderTemplate(storedDefinitions.get(template.name) as never, {
      customer,
      bank: sender,
      recommendations: extra.recommendations ?? [],
      message: extra.unsubscribeUrl ? { unsubscribeUrl: extra.unsubscribeUrl } : {},
    });
    if (r.status !== 'rendered') throw new Error(`${key}: ${JSON.stringify(r)}`);
    return r.message;
  };
  const storedDefinitions = new Map<string, unknown>();

  beforeAll(async () => {
    [customer] = await ds.query("SELECT name FROM customer WHERE customer_no = 'C0000001'");
    expect(customer.name).toMatch(/^[가-힣]{2,4}$/);
    const defs: Array<{ name: string; definition: unknown }> = await ds.query("SELECT name, definition FROM message_template WHERE name IN (?) AND status = 'APPROVED'", [
      demoTemplates.map((t) => t.name),
    ]);
    for (const d of defs) storedDefinitions.set(d.name, typeof d.definition === 'string' ? JSON.parse(d.definition) : d.definition);
    expect(storedDefinitions.size).toBe(8);
  });

  test('the advertising SMS is a short SMS with "(광고)", the sender and the free 080 opt-out line', () => {
    const m = render('appReminderSms');
    if (m.channel !== 'sms') throw new Error('not an sms');
    const lines = m.text.split('\n');
    expect(lines[0]).toBe('(광고)한빛은행');
    expect(lines[lines.length - 1]).toBe('무료수신거부 080-123-4567');
    expect(m.text).toContain(`${customer.name}님`);
    expect(m.subject).toBeUndefined();
    expect(m.sms).toMatchObject({ type: 'SMS', encoding: 'EUC-KR' });
    expect(m.sms.bytes).toBeLessThanOrEqual(90);
  });

  test('the maturity notice is an informational LMS with a subject and no advertising marking', () => {
    const m = render('maturityNoticeSms');
    if (m.channel !== 'sms') throw new Error('not an sms');
    expect(m.subject).toBe('[한빛은행] 정기예금 만기 안내');
    expect(m.sms.type).toBe('LMS');
    expect(m.sms.bytes).toBeGreaterThan(90);
    expect(m.text).not.toContain('(광고)');
    expect(m.text).not.toContain('수신거부');
    expect(m.text).toContain('1588-0000');
  });

  test('the fund nudges show the recommended products with the investment warning, marked as advertising; with none they are not sent', () => {
    const sms = render('fundNudgeSms', { recommendations: [recommendation] });
    if (sms.channel !== 'sms') throw new Error('not an sms');
    expect(sms.subject).toBe('(광고) 투자성향에 맞는 펀드 안내');
    expect(sms.sms.type).toBe('LMS');
    expect(sms.text.startsWith('(광고)한빛은행\n')).toBe(true);
    expect(sms.text.endsWith('\n무료수신거부 080-123-4567')).toBe(true);
    expect(sms.text).toContain(recommendation.name);
    expect(sms.text).toContain('원금의 손실이 발생할 수 있으며');
    const push = render('fundNudgePush', { recommendations: [recommendation] });
    if (push.channel !== 'push') throw new Error('not a push');
    expect(push.title).toBe(`(광고) ${customer.name} 고객님의 투자성향에 맞는 펀드`);
    expect(push.body).toContain(`1. ${recommendation.name} (${recommendation.rateText})`);
    expect(push.body.split('\n').pop()).toBe('수신거부: 설정 > 알림');
    for (const key of ['fundNudgeSms', 'fundNudgePush'] as const) {
      const definition = storedDefinitions.get(demoTemplates.find((t) => t.key === key)!.name) as never;
      expect(renderTemplate(definition, { customer, bank: sender, recommendations: [], message: {} })).toEqual({ status: 'suppressed', suppressed: 'noRecommendation' });
    }
  });

  test('pushes: the welcome is informational (no marking), the re-deposit offer is marked', () => {
    const welcome = render('welcomePush');
    if (welcome.channel !== 'push') throw new Error('not a push');
    expect(welcome.title).toBe('한빛은행 모바일 앱 가입을 환영합니다');
    expect(welcome.body).toContain(`${customer.name} 고객님`);
    expect(welcome.body).not.toContain('수신거부');
    const renew = render('maturityReminderPush');
    if (renew.channel !== 'push') throw new Error('not a push');
    expect(renew.title.startsWith('(광고) ')).toBe(true);
    expect(renew.body.endsWith('\n수신거부: 설정 > 알림')).toBe(true);
  });

  test('the e-mail: "(광고)" subject, the footer in HTML and text, List-Unsubscribe headers; no external assets; not sent without an unsubscribe URL', () => {
    const url = 'https://crm.bank.example/u/abc123';
    const m = render('appGuideEmail', { unsubscribeUrl: url });
    if (m.channel !== 'email') throw new Error('not an e-mail');
    expect(m.subject).toBe(`(광고) ${customer.name} 고객님, 한빛은행 앱 이용 안내드립니다`);
    expect(m.headers).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(m.html).toContain('<meta name="viewport"');
    expect(m.html).toMatch(/max-width:600px/);
    expect(m.html).not.toMatch(/<img|<link|<script|url\(|@import/i);
    expect(m.html).toContain(`href="${url}"`);
    expect(m.html.indexOf('data-legal-footer')).toBeLessThan(m.html.indexOf('</body>'));
    expect(m.text).toContain(`수신거부 (unsubscribe): ${url}`);
    expect(m.text).toContain('보낸 곳: 한빛은행');
    const definition = storedDefinitions.get(demoTemplates.find((t) => t.key === 'appGuideEmail')!.name) as never;
    expect(renderTemplate(definition, { customer, bank: sender, recommendations: [], message: {} })).toMatchObject({
      status: 'failed',
      problems: [expect.objectContaining({ code: 'unsubscribeUrlRequired' })],
    });
  });
});

test('one app installation per demo customer who agreed to push: token demo-<customer number>, Android and iOS alternating', async () => {
  const [{ consenting }] = await ds.query("SELECT COUNT(*) AS consenting FROM customer WHERE customer_no REGEXP '^C[0-9]{7}$' AND consent_push = 1");
  expect(Number(consenting)).toBeGreaterThan(100);
  const devices: Array<{ customer_no: string; consent_push: number; platform: string; token: string; registered_at: Date; last_seen_at: Date }> = await ds.query(
    `SELECT c.customer_no, c.consent_push, d.platform, d.token, d.registered_at, d.last_seen_at
       FROM customer_device d JOIN customer c ON c.id = d.customer_id WHERE d.token LIKE 'demo-C%'`,
  );
  // The seed gave a device to every consenting customer and to no one else; tests that run earlier in the
  // suite may since have withdrawn a few demo customers' push consent (unsubscribe, withdrawal), which
  // leaves their device in place. So: every consenting customer has one, and only a few others do.
  const noLongerConsenting = devices.filter((d) => Number(d.consent_push) !== 1);
  expect(devices.length - noLongerConsenting.length).toBe(Number(consenting));
  expect(noLongerConsenting.length).toBeLessThanOrEqual(5);
  expect(devices.every((d) => d.token === `demo-${d.customer_no}`)).toBe(true);
  expect(devices.every((d) => d.platform === (Number(d.customer_no.slice(1)) % 2 === 1 ? 'android' : 'ios'))).toBe(true);
  expect(new Set(devices.map((d) => d.platform))).toEqual(new Set(['android', 'ios']));
  expect(devices.every((d) => new Date(d.last_seen_at).getTime() >= new Date(d.registered_at).getTime() && new Date(d.last_seen_at).getTime() <= Date.now())).toBe(true);
});
