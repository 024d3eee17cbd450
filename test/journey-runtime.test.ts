import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { connectDatabase, runMigrations } from '../engine/db/data-source.js';
import { createLogger } from '../engine/observability/logger.js';
import { appendToOutbox } from '../engine/outbox/append-to-outbox.js';
import { startJourneyEngine, type JourneyEngine } from '../engine/journeys/runtime/journey-engine.js';
import type { JourneyInstanceState } from '../engine/journeys/interpreter/journey-step.types.js';
import type { JourneyDefinitionInput } from '../engine/definitions/journey/journey-definition.schema.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';
import { addJourneyCustomer, eventually, publishJourneyRows, publishVersionRows, storedEvent } from './support/journeys.js';

/**
 * The journey runtime against the real MariaDB and Redis (a queue prefix of
 * its own) and a real HTTP server for webhooks. The engine's clock is the
 * test's: long waits pass by moving it, and the real scheduler and wake
 * workers do the rest. One wait is real (a few seconds of wall clock).
 */
let ds: DataSource;
let engine: JourneyEngine;
let clock = Date.parse('2026-12-07T01:00:00Z'); // Monday 10:00 in Seoul
const now = () => new Date(clock);
const prefix = `bankcrm-jr-${randomUUID().slice(0, 8)}`;
let hooks: Server;
let hookUrl: string;
const hookCalls: Array<{ path: string; headers: Record<string, unknown>; body: unknown }> = [];
const hookAnswers = new Map<string, number[]>();

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  await runMigrations(ds);
  hooks = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      hookCalls.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data || '{}') });
      const answers = hookAnswers.get(req.url ?? '') ?? [200];
      const status = answers.length > 1 ? answers.shift()! : answers[0];
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  engine = await startJourneyEngine({
    ds,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: prefix,
    logger: createLogger('silent'),
    appendEvents: (tx, events) => appendToOutbox(tx, events),
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [new URL(hookUrl).host], secret: 'test-webhook-secret', timeoutMs: 2000, attempts: 3, backoffMs: 50 },
    workers: true,
    now,
    wake: { idleMs: 50 },
  });
});

afterAll(async () => {
  for (const [, q] of engine.queues.all()) await q.obliterate({ force: true }).catch(() => undefined);
  await engine.stop();
  await new Promise((r) => hooks.close(r));
  await ds.destroy();
});

type Row = { id: string; node_id: string; active: number | null; end_reason: string | null; error_code: string | null; converted: number; state: string | JourneyInstanceState };
const instancesOf = async (journeyId: number, customerId: number): Promise<Row[]> =>
  ds.query('SELECT id, node_id, active, end_reason, error_code, converted, state FROM journey_instance WHERE journey_id = ? AND customer_id = ? ORDER BY id', [
    journeyId,
    customerId,
  ]);
const stepsOf = async (instanceId: string) =>
  (await ds.query('SELECT node_id, visit, cause FROM journey_step WHERE instance_id = ? ORDER BY id', [instanceId])) as Array<{ node_id: string; visit: number; cause: string }>;
const messagesOf = async (instanceId: string) =>
  (await ds.query('SELECT id, channel, node_id, idempotency_key, status, enqueued_at FROM message WHERE instance_id = ? ORDER BY id', [instanceId])) as Array<{
    id: string;
    channel: string;
    node_id: string;
    idempotency_key: string;
    status: string;
    enqueued_at: Date | null;
  }>;
const stateOf = (r: Row): JourneyInstanceState => (typeof r.state === 'string' ? JSON.parse(r.state) : r.state);
const until = async (journeyId: number, customerId: number, test: (r: Row) => boolean, what: string) =>
  eventually(async () => (await instancesOf(journeyId, customerId)).find(test), what);
const advanceClock = (ms: number) => {
  clock += ms;
};

/** Publishes and makes the engine see it at once (the lifecycle service does this through the port). */
const published = async (definition: JourneyDefinitionInput) => {
  const r = await publishJourneyRows(ds, definition);
  engine.catalogue.invalidate();
  return r;
};
const eventEntry = (eventType: string): JourneyDefinitionInput['entry'] => ({ type: 'event', eventType, where: [] });

describe('entries and sends', () => {
  const def = (t: string): JourneyDefinitionInput => ({
    version: 1,
    entry: eventEntry(t),
    reEntry: { kind: 'once' },
    nodes: [
      { id: 'start', type: 'start', next: 'hello' },
      { id: 'hello', type: 'sendMessage', channel: 'push', templateId: 11, next: 'wait' },
      { id: 'wait', type: 'waitDuration', duration: 'P2D', next: 'again' },
      { id: 'again', type: 'sendMessage', channel: 'sms', templateId: 12, next: 'bye' },
      { id: 'bye', type: 'exit' },
    ],
  });

  it('an event starts an instance, queues its send exactly once, waits durably and wakes when due', async () => {
    const type = `jr.signup.${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(def(type));
    const c = await addJourneyCustomer(ds);
    const ev = await storedEvent(ds, c, type, now());
    const counts = await engine.runtime.handleStoredEvents([ev]);
    expect(counts).toMatchObject({ started: 1, messages: 1 });
    const [inst] = await instancesOf(journeyId, c.id);
    expect(inst).toMatchObject({ node_id: 'wait', active: 1 });
    expect(stateOf(inst).dueAt).toBe(clock + 2 * 86_400_000);
    expect((await stepsOf(inst.id)).map((s) => `${s.node_id}/${s.cause}`)).toEqual(['start/start', 'hello/next', 'wait/next']);
    const [m] = await messagesOf(inst.id);
    expect(m).toMatchObject({ channel: 'push', node_id: 'hello', idempotency_key: `j${inst.id}:hello:1`, status: 'QUEUED' });
    expect(m.enqueued_at).not.toBeNull();
    expect(await engine.queues.send.push.getJob(`m${m.id}`)).not.toBeNull();

    // The same event again (a redelivered batch) starts nothing and sends nothing.
    expect(await engine.runtime.handleStoredEvents([ev])).toMatchObject({ started: 0, messages: 0 });
    // Nor does a new signup event: re-entry is once.
    expect(await engine.runtime.handleStoredEvents([await storedEvent(ds, c, type, now())])).toMatchObject({ started: 0 });
    expect(await instancesOf(journeyId, c.id)).toHaveLength(1);

    // Two days later (the test's clock), the real scheduler and wake worker move it on.
    advanceClock(2 * 86_400_000 + 1000);
    const ended = await until(journeyId, c.id, (r) => r.active === null, 'the instance to end');
    expect(ended).toMatchObject({ end_reason: 'completed', node_id: 'bye' });
    expect((await messagesOf(inst.id)).map((x) => x.node_id)).toEqual(['hello', 'again']);
  });

  it('re-entry after N days and always admit again, never two running instances', async () => {
    const type = `jr.visit.${randomUUID().slice(0, 6)}`;
    const d = def(type);
    const { journeyId } = await published({ ...d, reEntry: { kind: 'always' } });
    const c = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, type, now())]);
    // While the first instance waits, a second event is skipped.
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, type, now())]);
    expect(await instancesOf(journeyId, c.id)).toHaveLength(1);
    // Two events of one batch: one instance.
    const c2 = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c2, type, now()), await storedEvent(ds, c2, type, now())]);
    expect(await instancesOf(journeyId, c2.id)).toHaveLength(1);

    const { journeyId: afterDays } = await published({ ...d, entry: eventEntry(`${type}.b`), reEntry: { kind: 'afterDays', days: 5 } });
    const c3 = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c3, `${type}.b`, now())]);
    advanceClock(2 * 86_400_000 + 1000);
    await until(afterDays, c3.id, (r) => r.active === null, 'first run to end');
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c3, `${type}.b`, now())]);
    expect(await instancesOf(afterDays, c3.id)).toHaveLength(1); // 2 days later: too soon
    advanceClock(3 * 86_400_000 + 1000);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c3, `${type}.b`, now())]);
    expect(await instancesOf(afterDays, c3.id)).toHaveLength(2);
  });

  it('a real short wait is woken within a margin of its due time', async () => {
    const type = `jr.real.${randomUUID().slice(0, 6)}`;
    const saved = clock;
    clock = Date.now();
    engine.catalogue.invalidate();
    // Until a moment 3 s ahead of the wall clock; the test's clock follows the wall clock meanwhile.
    const at = new Date(Date.now() + 3000);
    const tick = setInterval(() => {
      clock = Date.now();
    }, 20);
    try {
      const { journeyId } = await published({
        version: 1,
        entry: eventEntry(type),
        nodes: [
          { id: 'start', type: 'start', next: 'until' },
          { id: 'until', type: 'waitUntil', until: { kind: 'dateTime', at: at.toISOString().replace('Z', '+00:00') }, next: 'done' },
          { id: 'done', type: 'exit' },
        ],
      });
      const c = await addJourneyCustomer(ds);
      await engine.runtime.handleStoredEvents([await storedEvent(ds, c, type, now())]);
      const ended = await until(journeyId, c.id, (r) => r.active === null, 'the real wait to end');
      const [{ ended_at }] = await ds.query('SELECT ended_at FROM journey_instance WHERE id = ?', [ended.id]);
      const lateMs = new Date(ended_at).getTime() - at.getTime();
      expect(lateMs).toBeGreaterThanOrEqual(0);
      expect(lateMs).toBeLessThan(1500);
    } finally {
      clearInterval(tick);
      clock = Math.max(saved, Date.now()) + 1000;
    }
  });
});

describe('waiting for an event', () => {
  const def = (t: string): JourneyDefinitionInput => ({
    version: 1,
    entry: eventEntry(t),
    goal: { eventType: `${t}.bought`, where: [], withinDays: 7 },
    nodes: [
      { id: 'start', type: 'start', next: 'w' },
      { id: 'w', type: 'waitForEvent', eventType: `${t}.clicked`, where: [{ property: 'campaign', op: 'eq', value: 'A' }], timeout: 'P3D', onEvent: 'thanks', onTimeout: 'nudge' },
      { id: 'thanks', type: 'sendMessage', channel: 'email', templateId: 21, next: 'x1' },
      { id: 'nudge', type: 'sendMessage', channel: 'sms', templateId: 22, next: 'x2' },
      { id: 'x1', type: 'exit' },
      { id: 'x2', type: 'exit' },
    ],
  });

  it('takes onEvent for a matching event, onTimeout when the timeout passes first', async () => {
    const t = `jr.w${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(def(t));
    const a = await addJourneyCustomer(ds);
    const b = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, a, t, now()), await storedEvent(ds, b, t, now())]);
    advanceClock(60_000);
    // A non-matching property does nothing; the matching one moves A on.
    expect(await engine.runtime.handleStoredEvents([await storedEvent(ds, a, `${t}.clicked`, now(), { campaign: 'B' })])).toMatchObject({ advanced: 0 });
    await engine.runtime.handleStoredEvents([await storedEvent(ds, a, `${t}.clicked`, now(), { campaign: 'A' })]);
    const [ia] = await instancesOf(journeyId, a.id);
    expect(ia).toMatchObject({ node_id: 'x1', end_reason: 'completed' });
    expect((await stepsOf(ia.id)).find((s) => s.node_id === 'thanks')?.cause).toBe('event');
    advanceClock(3 * 86_400_000);
    const ib = await until(journeyId, b.id, (r) => r.active === null, 'B to time out');
    expect(ib.node_id).toBe('x2');
    expect((await stepsOf(ib.id)).find((s) => s.node_id === 'nudge')?.cause).toBe('timeout');
  });

  it('an event arriving at the same instant as the timeout is decided once', async () => {
    const t = `jr.tie${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(def(t));
    const results: string[] = [];
    await engine.scheduler!.stop(); // the test drives the wake-up itself, racing the event
    try {
      for (let i = 0; i < 6; i++) {
        const c = await addJourneyCustomer(ds);
        await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
        const [inst] = await instancesOf(journeyId, c.id);
        const due = stateOf(inst).dueAt!;
        const saved = clock;
        clock = due;
        const ev = await storedEvent(ds, c, `${t}.clicked`, new Date(due), { campaign: 'A' });
        await Promise.all([engine.runtime.wake([inst.id]), engine.runtime.handleStoredEvents([ev])]);
        clock = saved;
        const steps = await stepsOf(inst.id);
        const branches = steps.filter((s) => s.node_id === 'thanks' || s.node_id === 'nudge');
        expect(branches).toHaveLength(1);
        expect(await messagesOf(inst.id)).toHaveLength(1);
        results.push(branches[0].node_id);
      }
    } finally {
      engine.scheduler!.start();
    }
    expect(results.length).toBe(6);
  });

  it('the goal converts a customer wherever they wait', async () => {
    const t = `jr.goal${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(def(t));
    const c = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
    advanceClock(3600_000);
    expect(await engine.runtime.handleStoredEvents([await storedEvent(ds, c, `${t}.bought`, now())])).toMatchObject({ converted: 1, ended: 1 });
    const [inst] = await instancesOf(journeyId, c.id);
    expect(inst).toMatchObject({ active: null, end_reason: 'goalReached', converted: 1, node_id: 'w' });
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'journey.converted' AND JSON_VALUE(body, '$.payload.instanceId') = ?", [Number(inst.id)]);
    expect(Number(n)).toBe(1);
  });
});

describe('routing, customer updates and webhooks', () => {
  it('splits deterministically and records the branch; conditions use the segment evaluators; tags change audited as the journey', async () => {
    const t = `jr.route${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published({
      version: 1,
      entry: eventEntry(t),
      nodes: [
        { id: 'start', type: 'start', next: 'busan' },
        { id: 'busan', type: 'condition', condition: { type: 'attribute', field: 'region', op: 'in', values: ['BUSAN'] }, onTrue: 'tag', onFalse: 'ab' },
        { id: 'tag', type: 'updateCustomer', change: { kind: 'addTag', tag: 'jr-busan' }, next: 'ab' },
        {
          id: 'ab',
          type: 'split',
          branches: [
            { id: 'a', weight: 50, next: 'sa' },
            { id: 'b', weight: 50, next: 'sb' },
          ],
        },
        { id: 'sa', type: 'sendMessage', channel: 'push', templateId: 1, next: 'end' },
        { id: 'sb', type: 'sendMessage', channel: 'push', templateId: 2, next: 'end' },
        { id: 'end', type: 'exit' },
      ],
    });
    const busan = await addJourneyCustomer(ds, { region: 'BUSAN', tags: 'vip' });
    const seoul = await addJourneyCustomer(ds, { region: 'SEOUL' });
    await engine.runtime.handleStoredEvents([await storedEvent(ds, busan, t, now()), await storedEvent(ds, seoul, t, now())]);
    const [ib] = await instancesOf(journeyId, busan.id);
    const [is] = await instancesOf(journeyId, seoul.id);
    expect((await stepsOf(ib.id)).map((s) => s.node_id)).toContain('tag');
    expect((await stepsOf(is.id)).map((s) => s.node_id)).not.toContain('tag');
    const [{ tags }] = await ds.query('SELECT tags FROM customer WHERE id = ?', [busan.id]);
    expect(tags).toBe('vip,jr-busan');
    const audit = await ds.query("SELECT actor_email, actor_role, diff FROM audit_log WHERE resource = 'Customer' AND record_id = ? AND actor_role = 'journey'", [
      String(busan.id),
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_email).toBe(`journey:${journeyId}`);
    // The branch is recorded on the instance and matches the message sent.
    for (const inst of [ib, is]) {
      const branch = stateOf(inst).assignments.ab;
      expect(['a', 'b']).toContain(branch);
      expect((await messagesOf(inst.id))[0].node_id).toBe(branch === 'a' ? 'sa' : 'sb');
    }
  });

  const hookJourney = (t: string, path: string): JourneyDefinitionInput => ({
    version: 1,
    entry: eventEntry(t),
    nodes: [
      { id: 'start', type: 'start', next: 'hook' },
      { id: 'hook', type: 'webhook', url: `${hookUrl}${path}`, payload: ['customerNo', 'journeyId', 'entryEventType'], next: 'after' },
      { id: 'after', type: 'sendMessage', channel: 'email', templateId: 3, next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });

  it('calls an allow-listed webhook with HMAC and idempotency key, retries a 503, fails a poison 400 alone', async () => {
    const t = `jr.hook${randomUUID().slice(0, 6)}`;
    hookAnswers.set('/ok', [503, 200]);
    hookAnswers.set('/bad', [400]);
    const ok = await published(hookJourney(t, '/ok'));
    const bad = await published(hookJourney(t, '/bad'));
    const c = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
    const done = await until(ok.journeyId, c.id, (r) => r.active === null, 'the webhook journey to finish');
    expect(done.end_reason).toBe('completed');
    const failed = await until(bad.journeyId, c.id, (r) => r.active === null, 'the poison journey to fail');
    expect(failed).toMatchObject({ end_reason: 'failed', error_code: 'webhookRefused400', node_id: 'hook' });
    const okCalls = hookCalls.filter((h) => h.path === '/ok');
    expect(okCalls).toHaveLength(2);
    expect(okCalls[0].headers['idempotency-key']).toBe(okCalls[1].headers['idempotency-key']);
    expect(String(okCalls[0].headers['x-journey-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(okCalls[1].body).toEqual({ customerNo: c.customerNo, journeyId: ok.journeyId, entryEventType: t });
    expect(hookCalls.filter((h) => h.path === '/bad')).toHaveLength(1);
  });

  it('refuses a host outside the allow-list without calling it', async () => {
    const t = `jr.nohost${randomUUID().slice(0, 6)}`;
    const before = hookCalls.length;
    const { journeyId } = await published({
      ...hookJourney(t, '/x'),
      nodes: hookJourney(t, '/x').nodes.map((n) => (n.type === 'webhook' ? { ...n, url: 'http://127.0.0.2:1/x' } : n)),
    });
    const c = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
    const failed = await until(journeyId, c.id, (r) => r.active === null, 'the call to be refused');
    expect(failed.error_code).toBe('webhookHostNotAllowed');
    expect(hookCalls.length).toBe(before);
  });

  it('the reconciler calls a webhook again whose job Redis lost, with the same idempotency key', async () => {
    const t = `jr.lost${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(hookJourney(t, '/lost'));
    const c = await addJourneyCustomer(ds);
    await engine.queues.webhook.pause(true); // this process's webhook worker takes no job for now
    try {
      await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
      const [inst] = await instancesOf(journeyId, c.id);
      expect(inst).toMatchObject({ node_id: 'hook', active: 1 });
      const key = `j${inst.id}:hook:1`;
      const job = await engine.queues.webhook.getJob(key);
      expect(job).not.toBeNull();
      await job!.remove(); // Redis lost it
      expect(await engine.queues.webhook.getJob(key)).toBeNull();
      advanceClock(20_000); // past the reconciler's staleness margin
      const report = await engine.reconciler!.runOnce();
      expect(report?.webhooksEnqueued).toBeGreaterThanOrEqual(1);
      expect((await engine.queues.webhook.getJob(key))?.data).toMatchObject({ instanceId: inst.id, nodeId: 'hook', visit: 1, url: `${hookUrl}/lost` });
    } finally {
      await engine.queues.webhook.resume(true);
    }
    const done = await until(journeyId, c.id, (r) => r.active === null, 'the re-enqueued webhook to complete the instance');
    expect(done.end_reason).toBe('completed');
    expect(hookCalls.filter((h) => h.path === '/lost')).toHaveLength(1);
  });
});

describe('lifecycle', () => {
  const def = (t: string, template: number): JourneyDefinitionInput => ({
    version: 1,
    entry: eventEntry(t),
    reEntry: { kind: 'always' },
    nodes: [
      { id: 'start', type: 'start', next: 'wait' },
      { id: 'wait', type: 'waitDuration', duration: 'PT30M', next: 'send' },
      { id: 'send', type: 'sendMessage', channel: 'push', templateId: template, next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });

  it('pause holds instances where they are, resume lets them go on, archive ends them', async () => {
    const t = `jr.life${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published(def(t, 31));
    const c = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
    await ds.query("UPDATE journey SET status = 'PAUSED' WHERE id = ?", [journeyId]);
    await engine.port.lifecycleChanged(journeyId);
    // Paused: a new entry is refused and the due wake-up is not processed.
    const c2 = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c2, t, now())]);
    expect(await instancesOf(journeyId, c2.id)).toHaveLength(0);
    advanceClock(31 * 60_000);
    // Prove the scheduler ran past the due time (another journey's instance woke) before asserting ours did not move.
    const probe = `jr.probe${randomUUID().slice(0, 6)}`;
    const p = await published(def(probe, 32));
    const pc = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, pc, probe, now())]);
    advanceClock(31 * 60_000);
    await until(p.journeyId, pc.id, (r) => r.active === null, 'the probe journey to wake');
    expect((await instancesOf(journeyId, c.id))[0]).toMatchObject({ node_id: 'wait', active: 1 });

    await ds.query("UPDATE journey SET status = 'PUBLISHED' WHERE id = ?", [journeyId]);
    await engine.port.lifecycleChanged(journeyId);
    await until(journeyId, c.id, (r) => r.active === null, 'the resumed instance to finish');

    const c3 = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, c3, t, now())]);
    await ds.query("UPDATE journey SET status = 'ARCHIVED' WHERE id = ?", [journeyId]);
    expect(await engine.port.archived(journeyId)).toBe(1);
    expect((await instancesOf(journeyId, c3.id))[0]).toMatchObject({ active: null, end_reason: 'archived' });
  });

  it('publishing v2 while v1 instances run: they finish on v1, new entries take v2', async () => {
    const t = `jr.v2${randomUUID().slice(0, 6)}`;
    const { journeyId, versionId: v1 } = await published(def(t, 41));
    const old = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, old, t, now())]);
    const v2 = await publishVersionRows(ds, journeyId, def(t, 42));
    engine.catalogue.invalidate();
    await engine.port.lifecycleChanged(journeyId);
    const fresh = await addJourneyCustomer(ds);
    await engine.runtime.handleStoredEvents([await storedEvent(ds, fresh, t, now())]);
    advanceClock(31 * 60_000);
    const a = await until(journeyId, old.id, (r) => r.active === null, 'v1 instance to finish');
    const b = await until(journeyId, fresh.id, (r) => r.active === null, 'v2 instance to finish');
    const [ma] = await ds.query('SELECT template_id, version_id FROM message WHERE instance_id = ?', [a.id]);
    const [mb] = await ds.query('SELECT template_id, version_id FROM message WHERE instance_id = ?', [b.id]);
    expect([Number(ma.template_id), Number(ma.version_id)]).toEqual([41, v1]);
    expect([Number(mb.template_id), Number(mb.version_id)]).toEqual([42, v2]);
  });
});

describe('one batch', () => {
  it('a customer who enters and reaches the goal in the same event batch converts at once', async () => {
    const t = `jr.batch${randomUUID().slice(0, 6)}`;
    const { journeyId } = await published({
      version: 1,
      entry: eventEntry(t),
      goal: { eventType: `${t}.bought`, where: [], withinDays: 3 },
      nodes: [
        { id: 'start', type: 'start', next: 'wait' },
        { id: 'wait', type: 'waitDuration', duration: 'P1D', next: 'end' },
        { id: 'end', type: 'exit' },
      ],
    });
    const c = await addJourneyCustomer(ds);
    const counts = await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now()), await storedEvent(ds, c, `${t}.bought`, now())]);
    expect(counts).toMatchObject({ started: 1, converted: 1 });
    expect((await instancesOf(journeyId, c.id))[0]).toMatchObject({ active: null, end_reason: 'goalReached', converted: 1 });
  });
});

describe('business days', () => {
  it('"next business day 09:00" asked on Christmas Eve waits over the public holiday and the weekend', async () => {
    const t = `jr.bday${randomUUID().slice(0, 6)}`;
    const saved = clock;
    clock = Date.parse('2026-12-24T06:00:00Z'); // Thursday 15:00 in Seoul; the 25th is 기독탄신일 (date-holidays)
    try {
      const { journeyId } = await published({
        version: 1,
        entry: eventEntry(t),
        nodes: [
          { id: 'start', type: 'start', next: 'morning' },
          { id: 'morning', type: 'waitUntil', until: { kind: 'window', from: '09:00', to: '10:00', nextBusinessDay: true, timeZone: 'Asia/Seoul' }, next: 'end' },
          { id: 'end', type: 'exit' },
        ],
      });
      const c = await addJourneyCustomer(ds);
      await engine.runtime.handleStoredEvents([await storedEvent(ds, c, t, now())]);
      const [inst] = await instancesOf(journeyId, c.id);
      expect(new Date(stateOf(inst).dueAt!).toISOString()).toBe('2026-12-28T00:00:00.000Z'); // Monday 09:00 KST
    } finally {
      clock = saved;
    }
  });
});
