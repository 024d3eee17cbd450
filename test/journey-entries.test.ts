import type { DataSource } from 'typeorm';
import Queue from 'bull';
import { connectDatabase } from '../engine/db/data-source.js';
import { createDomainServices, type DomainServices } from '../resources/domain-services.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { dbServer } from './support/db.js';
import { baseUrl, testEnv } from './support/test-env.js';
import { HttpClient } from './support/journey-console.js';
import { eventually } from './support/journeys.js';
import { stamp } from './support/unique.js';
import { approvedTemplates, type TemplateChannel } from './support/approved-templates.js';

/**
 * Segment and schedule entries end to end through the running platform:
 * this file changes segment membership with the domain services (their
 * transitions go to the outbox), the platform's relay delivers them to the
 * journeys subscriber, which starts or ends instances; journeys are
 * published through the console API, whose port registers schedules with
 * the platform's engine.
 */
let ds: DataSource;
let services: DomainServices;
let marketer: HttpClient;
const tag = `je${stamp()}`;
let segmentId: number;
/** Approved templates for the send blocks (publishing refuses one that cannot be sent). */
let templates: Record<TemplateChannel, number>;

const addCustomer = async (tags: string) => {
  const no = `E${stamp()}`.slice(0, 20);
  const r = await ds.query("INSERT INTO customer (customer_no, name, status, region, risk_grade, tags) VALUES (?, '진입고객', 'ACTIVE', 'SEOUL', 'LOW', ?)", [no, tags]);
  return { id: Number(r.insertId), no };
};
const publishJourney = async (name: string, definition: unknown): Promise<number> => {
  const created = await marketer.request('/admin/api/journeys', { method: 'POST', json: { name, definition } });
  expect(created.status).toBe(201);
  const published = await marketer.request(`/admin/api/journeys/${created.body.id}/publish`, { method: 'POST', json: {} });
  expect(published.body).toMatchObject({ ok: true, runtime: 'notified' });
  return created.body.id;
};
const instances = async (journeyId: number, customerId: number) =>
  (await ds.query('SELECT id, active, end_reason, entry_kind, node_id FROM journey_instance WHERE journey_id = ? AND customer_id = ?', [journeyId, customerId])) as Array<{
    id: string;
    active: number | null;
    end_reason: string | null;
    entry_kind: string;
    node_id: string;
  }>;

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  services = createDomainServices(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  templates = await approvedTemplates(ds);
  marketer = await HttpClient.loggedIn(baseUrl(), 'marketer');
  const saved = await services.segments.saveSegment(null, { name: `entries-${tag}` });
  if (!saved.ok) throw new Error(saved.message);
  segmentId = saved.entity.id;
  const published = await services.segments.publish(
    segmentId,
    { definition: { schemaVersion: 1, root: { type: 'attribute', field: 'tags', op: 'hasAny', values: [tag] } } },
    new Date(),
  );
  expect(published).toMatchObject({ ok: true });
});
afterAll(async () => {
  await ds.destroy();
});

test('entering a segment starts a journey; leaving it ends the instance (exit condition)', async () => {
  const journeyId = await publishJourney(`segment entry ${tag}`, {
    version: 1,
    entry: { type: 'segmentEntered', segmentId },
    exitWhen: [{ type: 'segmentExited', segmentId }],
    nodes: [
      { id: 'start', type: 'start', next: 'hello' },
      { id: 'hello', type: 'sendMessage', channel: 'push', templateId: templates.push, next: 'wait' },
      { id: 'wait', type: 'waitDuration', duration: 'P7D', next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });
  const c = await addCustomer(tag);
  await services.segments.reevaluate([c.id]);
  const [started] = await eventually(async () => {
    const r = await instances(journeyId, c.id);
    return r.length ? r : undefined;
  }, 'the segment entry to start an instance');
  expect(started).toMatchObject({ entry_kind: 'segmentEntered', active: 1, node_id: 'wait' });
  const [m] = await ds.query('SELECT node_id, status FROM message WHERE instance_id = ?', [started.id]);
  // Queued by the journey; the platform's channel workers may already have judged it (this customer has no address).
  expect(m).toMatchObject({ node_id: 'hello', status: expect.stringMatching(/^(QUEUED|SENDING|SENT|DELIVERED|SUPPRESSED)$/) });

  await ds.query("UPDATE customer SET tags = '' WHERE id = ?", [c.id]);
  await services.segments.reevaluate([c.id]);
  const [ended] = await eventually(async () => {
    const r = await instances(journeyId, c.id);
    return r[0]?.active === null ? r : undefined;
  }, 'leaving the segment to end the instance');
  expect(ended.end_reason).toBe('leftSegment');
});

test('a schedule over a segment enters its members when it fires (once), and a recurring one is registered as one repeatable job', async () => {
  const member = await addCustomer(tag);
  await services.segments.reevaluate([member.id]);
  const at = new Date(Date.now() + 4000).toISOString().replace('Z', '+00:00');
  const once = await publishJourney(`schedule once ${tag}`, {
    version: 1,
    entry: { type: 'schedule', segmentId, schedule: { kind: 'once', at } },
    nodes: [
      { id: 'start', type: 'start', next: 'notice' },
      { id: 'notice', type: 'sendMessage', channel: 'sms', templateId: templates.sms, next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });
  const [done] = await eventually(
    async () => {
      const r = await instances(once, member.id);
      return r[0]?.active === null ? r : undefined;
    },
    'the schedule to fire and the member to pass',
    30_000,
  );
  expect(done).toMatchObject({ entry_kind: 'schedule', end_reason: 'completed' });
  // The segment's other members entered too, and nobody outside it.
  const [{ n }] = await ds.query(
    'SELECT COUNT(*) AS n FROM journey_instance i JOIN segment_membership m ON m.customer_id = i.customer_id AND m.segment_id = ? WHERE i.journey_id = ?',
    [segmentId, once],
  );
  const [{ total }] = await ds.query('SELECT COUNT(*) AS total FROM journey_instance WHERE journey_id = ?', [once]);
  expect(Number(total)).toBe(Number(n));

  const weekly = await publishJourney(`schedule weekly ${tag}`, {
    version: 1,
    entry: { type: 'schedule', segmentId, schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' } },
    reEntry: { kind: 'afterDays', days: 6 },
    nodes: [
      { id: 'start', type: 'start', next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });
  const queue = new Queue('journey-schedule', { redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: testEnv.queuePrefix });
  try {
    const repeats = await eventually(async () => {
      const r = (await queue.getRepeatableJobs()).filter((j) => j.id?.startsWith(`schedule-${weekly}-`));
      return r.length ? r : undefined;
    }, 'the weekly schedule to be registered');
    expect(repeats).toHaveLength(1);
    expect(repeats[0]).toMatchObject({ cron: '0 10 * * MON', tz: 'Asia/Seoul' });
  } finally {
    await queue.close();
  }
});
