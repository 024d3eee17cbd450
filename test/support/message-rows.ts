import type { Connection } from 'mysql2/promise';
import { stamp } from './unique.js';

/**
 * Messages with everything that explains them, inserted with SQL (the
 * channel workers that write these rows are not what the message pages'
 * tests exercise): a customer, a published journey with a sendMessage
 * block, an instance that entered by an event, an approved template and
 * its second revision, a message, its decisions (a night hold, then a
 * send), a recommendation record and a click. Statuses that no worker or
 * reconciler picks up (no QUEUED rows; holds end in 2099).
 */
export interface MessageFixture {
  tag: string;
  customer: { id: number; no: string; name: string };
  other: { id: number; no: string; name: string };
  journey: { id: number; name: string; versionId: number };
  template: { id: number; revisionId: number; name: string; reviewNumber: string };
  /** SENT after a hold: two decisions, a recommendation, a click. */
  sent: number;
  /** SUPPRESSED: no marketing consent. */
  suppressed: number;
  /** HELD until 2099 (night time), push. */
  held: number;
  /** The other customer's DELIVERED e-mail. */
  otherMessage: number;
}

const insertId = async (db: Connection, sql: string, args: unknown[]) => Number(((await db.query(sql, args)) as any)[0].insertId);

export async function insertMessageFixture(db: Connection, label: string): Promise<MessageFixture> {
  const tag = `${label}${stamp()}`;
  const customer = async (name: string) => {
    const no = `M${stamp()}`.slice(0, 20);
    const id = await insertId(
      db,
      `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, consent_sms, birth_date) VALUES (?, ?, 'ACTIVE', 'SEOUL', 'LOW', ?, 1, '1980-01-01')`,
      [no, name, tag],
    );
    return { id, no, name };
  };
  const c = await customer('김메시');
  const other = await customer('박다른');
  const journeyName = `메시지 여정 ${tag}`;
  const definition = {
    version: 1,
    entry: { type: 'event', eventType: 'card.applied' },
    reEntry: { kind: 'once' },
    nodes: [
      { id: 'start', type: 'start', next: 'sms' },
      { id: 'sms', type: 'sendMessage', label: '카드 안내 문자', channel: 'sms', templateId: 1, next: 'done' },
      { id: 'done', type: 'exit' },
    ],
  };
  const journeyId = await insertId(db, `INSERT INTO journey (name, status, draft_definition, published_version) VALUES (?, 'ARCHIVED', ?, 1)`, [
    journeyName,
    JSON.stringify(definition),
  ]);
  const versionId = await insertId(db, `INSERT INTO journey_version (journey_id, version, definition, published_at) VALUES (?, 1, ?, NOW(3))`, [
    journeyId,
    JSON.stringify(definition),
  ]);
  await db.query('UPDATE journey SET published_version_id = ? WHERE id = ?', [versionId, journeyId]);
  const instance = await insertId(
    db,
    `INSERT INTO journey_instance (journey_id, version_id, customer_id, customer_no, active, node_id, state, entry_kind, entry_key, entered_at, ended_at, end_reason, updated_at)
     VALUES (?, ?, ?, ?, NULL, 'done', '{}', 'event', ?, '2026-12-01 11:00:00', '2026-12-01 23:00:00', 'completed', NOW(3))`,
    [journeyId, versionId, c.id, c.no, `evt-${tag}`],
  );
  const templateName = `카드 안내 ${tag}`;
  const smsDefinition = JSON.stringify({ version: 1, channel: 'sms', kind: 'advertising', usesRecommendations: false, text: '안내' });
  const reviewNumber = `준법 ${tag}`;
  const templateId = await insertId(
    db,
    `INSERT INTO message_template (name, channel, kind, status, revision, definition, review_number, valid_from, valid_until, approved_at) VALUES (?, 'sms', 'advertising', 'RETIRED', 1, ?, ?, '2026-01-01', '2099-01-01', NOW(3))`,
    [templateName, smsDefinition, `old ${tag}`.slice(0, 40)],
  );
  const revisionId = await insertId(
    db,
    `INSERT INTO message_template (name, channel, kind, status, revision, previous_revision_id, definition, review_number, valid_from, valid_until, approved_at) VALUES (?, 'sms', 'advertising', 'APPROVED', 2, ?, ?, ?, '2026-06-01 00:00:00', '2099-01-01 00:00:00', NOW(3))`,
    [templateName, templateId, smsDefinition, reviewNumber],
  );
  const message = (fields: Record<string, unknown>) => {
    const all: Record<string, unknown> = {
      idempotency_key: `${tag}-${stamp()}`,
      template_id: templateId,
      template_revision_id: revisionId,
      requested_at: '2026-12-01 12:00:00',
      updated_at: '2026-12-01 12:00:00',
      ...fields,
    };
    const keys = Object.keys(all);
    return insertId(db, `INSERT INTO message (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`, Object.values(all));
  };
  const sent = await message({
    channel: 'sms',
    customer_id: c.id,
    journey_id: journeyId,
    version_id: versionId,
    instance_id: instance,
    node_id: 'sms',
    status: 'SENT',
    recipient_masked: '010-****-5678',
    provider_message_id: `smsc-${tag}`,
    gateway_response: 'ESME_ROK',
    render_meta: JSON.stringify({ type: 'LMS', bytes: 120, encoding: 'EUC-KR' }),
    attempt_count: 1,
    sent_at: '2026-12-01 23:00:01',
    opened_at: '2026-12-01 23:10:00',
    clicked_at: '2026-12-01 23:11:00',
    converted_at: '2026-12-02 01:00:00',
  });
  const suppressed = await message({
    channel: 'sms',
    customer_id: c.id,
    journey_id: journeyId,
    version_id: versionId,
    node_id: 'sms',
    status: 'SUPPRESSED',
    status_reason: 'noMarketingConsent',
    requested_at: '2026-12-01 12:01:00',
  });
  const held = await message({
    channel: 'push',
    customer_id: c.id,
    status: 'HELD',
    status_reason: 'nightTimeNoConsent',
    hold_until: '2099-01-01 23:00:00',
    requested_at: '2026-12-01 12:02:00',
  });
  const otherMessage = await message({
    channel: 'email',
    customer_id: other.id,
    status: 'DELIVERED',
    sent_at: '2026-12-01 12:03:01',
    delivered_at: '2026-12-01 12:03:05',
    requested_at: '2026-12-01 12:03:00',
  });

  const consentsNight = JSON.stringify({ sms: true, email: false, push: true, night: false });
  const base = [
    { rule: 'input', ok: true },
    { rule: 'customerStatus', ok: true, detail: { status: 'ACTIVE' } },
    {
      rule: 'templateReview',
      ok: true,
      detail: { status: 'APPROVED', reviewNumber, validFrom: Date.parse('2026-05-31T15:00:00Z'), validUntil: Date.parse('2098-12-31T15:00:00Z') },
    },
    { rule: 'idempotency', ok: true },
    { rule: 'marketingConsent', ok: true, detail: { channel: 'sms', consent: true } },
  ];
  const hold = [...base, { rule: 'nightTime', ok: false, reason: 'nightTimeNoConsent', detail: { nightConsent: false, night: true, until: Date.parse('2026-12-01T23:00:00Z') } }];
  const send = [
    ...base,
    { rule: 'nightTime', ok: true, detail: { nightConsent: false, night: false } },
    { rule: 'frequencyCap', ok: true, detail: { channel: 'sms', sentToday: 0, perDay: 1, sentThisWeek: 1, perWeek: 3 } },
    { rule: 'productOnSale', ok: true, detail: { productType: 'FUND', riskGrade: 3, onSale: true } },
    {
      rule: 'suitabilityProfile',
      ok: true,
      detail: { propensity: 'NEUTRAL', assessedAt: Date.parse('2026-03-01T00:00:00Z'), validityDays: 365, expiresAt: Date.parse('2027-03-01T00:00:00Z') },
    },
    { rule: 'suitability', ok: true, detail: { productType: 'FUND', riskGrade: 3, propensity: 'NEUTRAL', riskiestGradeAllowed: 3 } },
    { rule: 'recommendation', ok: true, detail: { slot: false } },
  ];
  const decision = (messageId: number, at: string, outcome: string, reason: string | null, holdUntil: string | null, checks: unknown[], consents = consentsNight) =>
    db.query(
      `INSERT INTO message_decision (message_id, decided_at, outcome, reason, hold_until, rule_version, checks, consents) VALUES (?, ?, ?, ?, ?, 'send-policy-2026.1', ?, ?)`,
      [messageId, at, outcome, reason, holdUntil, JSON.stringify(checks), consents],
    );
  await decision(sent, '2026-12-01 12:00:01', 'hold', 'nightTimeNoConsent', '2026-12-01 23:00:00', hold);
  await decision(sent, '2026-12-01 23:00:00', 'send', null, null, send);
  await decision(
    suppressed,
    '2026-12-01 12:01:01',
    'suppress',
    'noMarketingConsent',
    null,
    [...base.slice(0, 4), { rule: 'marketingConsent', ok: false, reason: 'noMarketingConsent', detail: { channel: 'sms', consent: false } }],
    JSON.stringify({ sms: false, email: false, push: false, night: false }),
  );
  const [[product]] = (await db.query('SELECT id FROM product ORDER BY id LIMIT 1')) as any;
  await db.query(
    `INSERT INTO recommendation_record (message_id, customer_id, product_id, product_type, risk_grade, suitability_applies, propensity, propensity_assessed_at, rule_version, decided_at, retain_until)
     VALUES (?, ?, ?, 'FUND', 3, 1, 'NEUTRAL', '2026-03-01 00:00:00', 'send-policy-2026.1', '2026-12-01 23:00:00', '2036-12-01')`,
    [sent, c.id, product ? product.id : 1],
  );
  await db.query(`INSERT INTO message_click (message_id, link_id, clicked_at) VALUES (?, 'offer', '2026-12-01 23:11:00')`, [sent]);
  return {
    tag,
    customer: c,
    other,
    journey: { id: journeyId, name: journeyName, versionId },
    template: { id: templateId, revisionId, name: templateName, reviewNumber },
    sent,
    suppressed,
    held,
    otherMessage,
  };
}
