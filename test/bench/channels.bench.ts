/**
 * `npm run bench:channels` (issue #12): the channel workers against the local
 * SMSC, SMTP server and push receiver, on this machine. Prints its figures;
 * never a timed unit test.
 *
 *   --phase=all|decide|throughput|e2e   (default all)
 *   --sms=8000 --email=3000 --push=8000     messages queued per channel (throughput)
 *   --cap=25                                seconds at most per channel (throughput)
 *   --rate=500 --seconds=20                 journey events offered per second, for how long (e2e)
 *   --concurrency=100                       CHANNEL_CONCURRENCY (per channel queue)
 *   --pool=10                               TypeORM pool size (the platform's createDataSource uses 10)
 *
 * Uses its own database (bank_crm_channel_bench, dropped and recreated, then
 * dropped at the end) and its own Redis prefix (deleted at the end); starts
 * and stops its own local gateways. Targets: >= 1,000 SMS/s over SMPP,
 * >= 300 e-mails/s over SMTP, >= 2,000 push/s; decideSend p99 < 1 ms;
 * journey event -> SMSC p99 < 2 s at 500 events/s for >= 20 s.
 */
import { spawn, execSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createLogger } from '../../engine/observability/logger.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { startJourneyEngine, type JourneyEngine } from '../../engine/journeys/runtime/journey-engine.js';
import { startLocalGateways, type LocalGateways } from '../../engine/channels/local-gateways/index.js';
import { startChannels, type RunningChannels } from '../../engine/channels/workers/start-channels.js';
import { channelMetrics } from '../../engine/channels/workers/channel-metrics.js';
import { createTrackingLinks } from '../../engine/channels/tracking/tracking-links.js';
import { loadConfig } from '../../engine/config/load-config.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import type { StoredCustomerEvent } from '../../engine/journeys/runtime/journey-runtime.js';
import type { JourneyDefinitionInput } from '../../engine/definitions/journey/journey-definition.schema.js';
import { maskEmail, maskMobile } from '../../resources/customer/contact-format.util.js';
import { TemplateService } from '../../resources/template/template.service.js';
import { createScratchDb } from '../support/scratch-db.js';
import { dbServer } from '../support/db.js';
import { percentile, publishBenchJourney } from './journeys/bench-journey-data.js';

type Channel = 'sms' | 'email' | 'push';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const phase = arg('phase', 'all');
const counts: Record<Channel, number> = { sms: Number(arg('sms', '8000')), email: Number(arg('email', '3000')), push: Number(arg('push', '8000')) };
const capSeconds = Number(arg('cap', '25'));
const e2eRate = Number(arg('rate', '500'));
const e2eSeconds = Number(arg('seconds', '20'));
const concurrency = arg('concurrency', '100');
const poolSize = Number(arg('pool', '10'));
const log = (l: string) => process.stdout.write(`[bench:channels] ${l}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const database = process.env.BENCH_DB_NAME ?? 'bank_crm_channel_bench';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bankcrm-chbench-${process.pid}`;
const trackingSecret = 'bench-only-tracking-secret-not-a-real-key-0123456789';
/** The rate limits are set far above the targets: the bench measures the workers, not the limiter's ceiling. */
const env = {
  NODE_ENV: 'test',
  TRACKING_SECRET: trackingSecret,
  CHANNEL_CONCURRENCY: concurrency,
  CHANNEL_RATE_SMS: '50000',
  CHANNEL_RATE_EMAIL: '50000',
  CHANNEL_RATE_PUSH: '50000',
  // The gateway knobs keep the platform's defaults unless set for an experiment (SMPP_WINDOW=50 npm run bench:channels).
  ...Object.fromEntries(['SMTP_POOL_SIZE', 'SMPP_WINDOW'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!])),
};
const mobileOf = (i: number) => `0109${String(i).padStart(7, '0')}`;

/** Counts (and times) every SQL statement TypeORM sends, pool wait included: DB round trips per message. */
const dbStats = { queries: 0, ms: 0 };
function instrumentDb(ds: DataSource): void {
  const qr = ds.createQueryRunner();
  const proto = Object.getPrototypeOf(qr) as { query: (...a: unknown[]) => Promise<unknown> };
  void qr.release();
  const orig = proto.query;
  proto.query = async function (this: unknown, ...a: unknown[]) {
    const t = performance.now();
    try {
      return await orig.apply(this, a);
    } finally {
      dbStats.queries += 1;
      dbStats.ms += performance.now() - t;
    }
  };
}

/** Counts the commands the deliverer's Redis connection sends (caps, rate limiter), with their round-trip time. */
const redisStats = { commands: 0, ms: 0 };
function instrumentRedis(redis: Redis): void {
  const orig = redis.sendCommand.bind(redis);
  redis.sendCommand = ((cmd: Parameters<Redis['sendCommand']>[0], stream?: unknown) => {
    const t = performance.now();
    redisStats.commands += 1;
    const p = (orig as (c: unknown, s?: unknown) => Promise<unknown>)(cmd, stream);
    p.then(
      () => (redisStats.ms += performance.now() - t),
      () => (redisStats.ms += performance.now() - t),
    );
    return p;
  }) as Redis['sendCommand'];
}

/** CPU seconds used so far by a local server process (utime + stime), or null when it cannot be read. */
function procCpuSeconds(name: string): number | null {
  try {
    const pid = execSync(`pgrep -x ${name}`, { encoding: 'utf8' }).trim().split('\n')[0];
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function histogramTotals(): Promise<Record<string, { sum: number; count: number }>> {
  const out: Record<string, { sum: number; count: number }> = {};
  for (const v of (await channelMetrics.sendSeconds.get()).values) {
    const ch = String(v.labels.channel);
    out[ch] ??= { sum: 0, count: 0 };
    if (v.metricName?.endsWith('_sum')) out[ch].sum = v.value;
    if (v.metricName?.endsWith('_count')) out[ch].count = v.value;
  }
  return out;
}

interface DecideFigures {
  p50Us: number;
  p99Us: number;
  lines: string[];
}

/** engine/channels/policy/decide-send.bench.ts as it is, in a process of its own; its p99 parsed from its output. */
function decidePhase(): Promise<DecideFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'engine/channels/policy/decide-send.bench.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`decide-send.bench.ts exited with ${code}`));
      const p50 = /p50 ([\d.]+) µs/.exec(out);
      const p99 = /p99 ([\d.]+) µs/.exec(out);
      resolve({ p50Us: Number(p50?.[1] ?? NaN), p99Us: Number(p99?.[1] ?? NaN), lines: out.trim().split('\n') });
    });
  });
}

interface Fixture {
  ds: DataSource;
  redis: Redis;
  gw: LocalGateways;
  engine: JourneyEngine;
  channels: RunningChannels;
  cipher: PiiCipher;
  customers: Array<{ id: number; customerNo: string; mobile: string }>;
  templates: Record<Channel, number>;
  settings: string[];
}

async function setUp(customerCount: number): Promise<Fixture> {
  const t0 = Date.now();
  const scratch = await createScratchDb(database);
  let ds = scratch;
  if (poolSize !== 10) {
    // An experiment knob only: the platform's pool is fixed at 10 (engine/db/data-source.ts).
    ds = new DataSource({ ...scratch.options, poolSize } as DataSourceOptions);
    await ds.initialize();
    await scratch.destroy();
  }
  instrumentDb(ds);
  log(`scratch database ${database} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  instrumentRedis(redis);
  const gw = await startLocalGateways({ capacity: 60_000, smpp: { receiptDelayMs: 50 } });
  const config = loadConfig(env).channels;
  const cipher = new PiiCipher(randomBytes(32));

  // Customers with contacts (encrypted as the platform stores them), consent and an app installation.
  const at = new Date(Date.now() - 86_400_000);
  for (let i = 0; i < customerCount; i += 2000) {
    const rows = [];
    for (let k = i; k < Math.min(i + 2000, customerCount); k++) {
      const mobile = mobileOf(k);
      const email = `bench${k}@example.com`;
      rows.push([
        `CB${String(k).padStart(7, '0')}`,
        '홍길동',
        'ACTIVE',
        'SEOUL',
        'LOW',
        '',
        cipher.encrypt(mobile),
        cipher.lookupHash('mobile', mobile),
        maskMobile(mobile),
        cipher.encrypt(email),
        cipher.lookupHash('email', email),
        maskEmail(email),
        1,
        at,
        1,
        at,
        1,
        at,
        0,
        at,
        'NEUTRAL',
        at,
      ]);
    }
    await ds.query(
      `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, mobile_enc, mobile_hash, mobile_masked, email_enc, email_hash, email_masked,
         consent_sms, consent_sms_at, consent_email, consent_email_at, consent_push, consent_push_at, consent_night, consent_night_at, propensity, propensity_assessed_at) VALUES ?`,
      [rows],
    );
  }
  const rows: Array<{ id: string; customer_no: string }> = await ds.query("SELECT id, customer_no FROM customer WHERE customer_no LIKE 'CB%' ORDER BY customer_no");
  const customers = rows.map((r) => ({ id: Number(r.id), customerNo: r.customer_no, mobile: mobileOf(Number(r.customer_no.slice(2))) }));
  for (let i = 0; i < customers.length; i += 2000) {
    const devices = customers.slice(i, i + 2000).map((c) => [c.id, 'android', `tok-${c.customerNo}`, at, at]);
    await ds.query('INSERT INTO customer_device (customer_id, platform, token, registered_at, last_seen_at) VALUES ?', [devices]);
  }
  log(`${customers.length} customers with contacts and consent (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const template = async (channel: Channel, definition: Record<string, unknown>) => {
    const r = await ds.query(
      `INSERT INTO message_template (name, channel, kind, status, revision, definition, problems, review_number, valid_from, valid_until, submitted_at, approved_at)
       VALUES (?, ?, 'informational', 'APPROVED', 1, ?, '[]', ?, ?, ?, ?, ?)`,
      [
        `bench ${channel}`,
        channel,
        JSON.stringify({ version: 1, channel, kind: 'informational', ...definition }),
        `준법감시인 심의필 제BENCH-${channel}호`,
        new Date(Date.now() - 30 * 86_400_000),
        new Date(Date.now() + 365 * 86_400_000),
        new Date(Date.now() - 30 * 86_400_000),
        new Date(Date.now() - 30 * 86_400_000),
      ],
    );
    return Number(r.insertId);
  };
  const templates: Record<Channel, number> = {
    sms: await template('sms', { text: '{{ customer.name }} 고객님, 예금 만기 안내입니다.' }),
    email: await template('email', {
      subject: '예금 만기 안내',
      html: '<p>{{ customer.name }} 고객님의 예금이 곧 만기입니다.</p>',
      text: '{{ customer.name }} 고객님의 예금이 곧 만기입니다.',
    }),
    push: await template('push', { title: '로그인 알림', body: '새 기기에서 로그인했습니다.' }),
  };

  const logger = createLogger('warn');
  const engine = await startJourneyEngine({
    ds,
    redisUrl,
    queuePrefix: prefix,
    logger,
    appendEvents: (tx, events) => appendToOutbox(tx, events),
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [], secret: 'bench-webhook-secret', timeoutMs: 1000, attempts: 1, backoffMs: 50 },
    workers: true,
  });
  const endpoints = {
    smtp: { url: `smtp://${gw.smtp.host}:${gw.smtp.port}`, from: config.smtpFrom, poolSize: config.smtpPoolSize },
    smpp: {
      url: `smpp://${gw.smpp.systemId}:${gw.smpp.password}@${gw.smpp.host}:${gw.smpp.port}`,
      sourceAddr: config.smppSourceAddr,
      window: config.smppWindow,
      dataCoding: config.smsDataCoding,
    },
    push: { url: `${gw.push.url}/v1/projects/bench-bank/messages:send`, token: gw.push.token },
  };
  const channels = await startChannels({
    ds,
    redis,
    keyPrefix: prefix,
    queues: engine.queues.send,
    cipher,
    templates: new TemplateService(ds, config.bank),
    links: createTrackingLinks({ publicUrl: 'http://127.0.0.1:3999', secret: trackingSecret }),
    endpoints,
    config,
    logger,
    kickOutbox: () => undefined,
    sweepEveryMs: 0,
  });
  const settings = [
    `CHANNEL_CONCURRENCY=${config.concurrency} (per channel queue, one process)`,
    `CHANNEL_RATE_SMS/EMAIL/PUSH=${config.ratePerSecond.sms}/${config.ratePerSecond.email}/${config.ratePerSecond.push} per s`,
    `SMPP_WINDOW=${config.smppWindow} (one bind)  SMTP_POOL_SIZE=${config.smtpPoolSize}  push keep-alive sockets=32 (PushGateway default)`,
    `TypeORM pool=${poolSize}${poolSize === 10 ? ' (createDataSource)' : ' (experiment; the platform uses 10)'}  SMSC receipt delay=50 ms (receipts written to the DB during the run)`,
  ];
  return { ds, redis, gw, engine, channels, cipher, customers, templates, settings };
}

interface ThroughputFigures {
  channel: Channel;
  queued: number;
  sent: number;
  other: number;
  seconds: number;
  perSecond: number;
  serverReceived: number;
  deliverAvgMs: number;
  busyWorkers: number;
  dbQueriesPerMsg: number;
  dbMsPerQuery: number;
  redisCmdsPerMsg: number;
  redisMsPerCmd: number;
  eventLoopUtil: number;
  benchCpuPct: number;
  mariadbCpuPct: number | null;
  redisCpuPct: number | null;
  /** SMS only: messages already DELIVERED by their receipt when the phase ends (receipts are written one by one). */
  delivered: number;
}

/**
 * N message rows QUEUED for N customers (one INSERT ... VALUES ? per 5,000), then their jobs on the
 * channel's Bull queue (addBulk per 2,000). Measured: messages SENT per second from the first addBulk
 * to the last sent_at (the DB's clock, this machine), and where the time went.
 */
async function throughputPhase(f: Fixture, channel: Channel, n: number): Promise<ThroughputFigures> {
  const { ds } = f;
  const now = new Date();
  const run = randomUUID().slice(0, 8);
  for (let i = 0; i < n; i += 5000) {
    const rows = [];
    for (let k = i; k < Math.min(i + 5000, n); k++)
      rows.push([`bench:${run}:${k}`, channel, f.templates[channel], f.customers[k % f.customers.length].id, 'QUEUED', now, now, now]);
    await ds.query('INSERT INTO message (idempotency_key, channel, template_id, customer_id, status, requested_at, enqueued_at, updated_at) VALUES ?', [rows]);
  }
  const ids: Array<{ id: string }> = await ds.query('SELECT id FROM message WHERE idempotency_key LIKE ? ORDER BY id', [`bench:${run}:%`]);
  const minId = Number(ids[0].id);
  const maxId = Number(ids[ids.length - 1].id);
  f.gw.clear();
  const queue = f.engine.queues.send[channel];
  const h0 = (await histogramTotals())[channel] ?? { sum: 0, count: 0 };
  const db0 = { ...dbStats };
  const r0 = { ...redisStats };
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const maria0 = procCpuSeconds('mariadbd') ?? procCpuSeconds('mysqld');
  const redisCpu0 = procCpuSeconds('redis-server');

  log(`${channel}: ${n} messages queued; adding their jobs`);
  const t0 = Date.now();
  for (let i = 0; i < ids.length; i += 2000) {
    await queue.addBulk(ids.slice(i, i + 2000).map((r) => ({ data: { messageId: String(r.id) }, opts: { jobId: `m${r.id}`, removeOnComplete: true, removeOnFail: 1000 } })));
  }
  let done = 0;
  let sent = 0;
  let lastLog = t0;
  while (Date.now() - t0 < capSeconds * 1000) {
    const [row] = await ds.query(
      "SELECT SUM(status IN ('SENT', 'DELIVERED')) AS sent, SUM(status NOT IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED')) AS other FROM message WHERE id BETWEEN ? AND ?",
      [minId, maxId],
    );
    sent = Number(row.sent ?? 0);
    done = sent + Number(row.other ?? 0);
    if (done >= n) break;
    if (Date.now() - lastLog >= 5000) {
      lastLog = Date.now();
      log(`  ${channel}: ${sent} sent after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    await sleep(200);
  }
  const elapsedWall = (Date.now() - t0) / 1000;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const maria1 = procCpuSeconds('mariadbd') ?? procCpuSeconds('mysqld');
  const redisCpu1 = procCpuSeconds('redis-server');
  const h1 = (await histogramTotals())[channel] ?? { sum: 0, count: 0 };
  const db = { queries: dbStats.queries - db0.queries, ms: dbStats.ms - db0.ms };
  const rd = { commands: redisStats.commands - r0.commands, ms: redisStats.ms - r0.ms };
  if (done < n) {
    log(`  ${channel}: ${done}/${n} finished within the ${capSeconds} s cap; emptying the queue`);
    await queue.empty();
    for (let i = 0; i < 100 && (await queue.getActiveCount()) > 0; i++) await sleep(100);
    // Finished for good, so the journey engine's reconciler does not put them back on the queue during later phases.
    await ds.query("UPDATE message SET status = 'FAILED', status_reason = 'bench: not sent within the cap' WHERE id BETWEEN ? AND ? AND status = 'QUEUED'", [minId, maxId]);
  }
  const [{ delivered }] = await ds.query("SELECT COUNT(*) AS delivered FROM message WHERE id BETWEEN ? AND ? AND status = 'DELIVERED'", [minId, maxId]);
  const [span] = await ds.query("SELECT MAX(sent_at) AS last FROM message WHERE id BETWEEN ? AND ? AND status IN ('SENT', 'DELIVERED')", [minId, maxId]);
  const [{ total }] = await ds.query("SELECT COUNT(*) AS total FROM message WHERE id BETWEEN ? AND ? AND status IN ('SENT', 'DELIVERED')", [minId, maxId]);
  const [{ other }] = await ds.query(
    "SELECT COUNT(*) AS other FROM message WHERE id BETWEEN ? AND ? AND status NOT IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED') AND COALESCE(status_reason, '') <> 'bench: not sent within the cap'",
    [minId, maxId],
  );
  sent = Number(total);
  const seconds = span.last ? (new Date(span.last).getTime() - t0) / 1000 : elapsedWall;
  const received = f.gw.received()[channel].length;
  const handled = h1.count - h0.count;
  const deliverAvgMs = handled > 0 ? ((h1.sum - h0.sum) / handled) * 1000 : NaN;
  const perSecond = sent / seconds;
  const pct = (a: number | null, b: number | null) => (a === null || b === null ? null : ((b - a) / elapsedWall) * 100);
  const fig: ThroughputFigures = {
    channel,
    queued: n,
    sent,
    other: Number(other),
    seconds,
    perSecond,
    serverReceived: received,
    deliverAvgMs,
    busyWorkers: (perSecond * deliverAvgMs) / 1000,
    dbQueriesPerMsg: db.queries / Math.max(1, handled),
    dbMsPerQuery: db.ms / Math.max(1, db.queries),
    redisCmdsPerMsg: rd.commands / Math.max(1, handled),
    redisMsPerCmd: rd.ms / Math.max(1, rd.commands),
    eventLoopUtil: elu.utilization,
    benchCpuPct: ((cpu.user + cpu.system) / 1e6 / elapsedWall) * 100,
    mariadbCpuPct: pct(maria0, maria1),
    redisCpuPct: pct(redisCpu0, redisCpu1),
    delivered: Number(delivered),
  };
  log(
    `  ${channel}: ${sent}/${n} SENT in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0)}/s (server received ${received}, other outcomes ${other}); ` +
      `deliver avg ${deliverAvgMs.toFixed(1)} ms, ${fig.dbQueriesPerMsg.toFixed(1)} SQL/msg at ${fig.dbMsPerQuery.toFixed(2)} ms, ` +
      `${fig.redisCmdsPerMsg.toFixed(1)} Redis cmds/msg at ${fig.redisMsPerCmd.toFixed(2)} ms; event loop ${(elu.utilization * 100).toFixed(0)}%, ` +
      `CPU bench ${fig.benchCpuPct.toFixed(0)}% mariadb ${fig.mariadbCpuPct?.toFixed(0) ?? '?'}% redis ${fig.redisCpuPct?.toFixed(0) ?? '?'}%` +
      (channel === 'sms' ? `; ${fig.delivered} DELIVERED by receipt so far` : ''),
  );
  return fig;
}

interface E2eFigures {
  offeredRate: number;
  seconds: number;
  offered: number;
  achievedRate: number;
  received: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * A journey (event entry -> sendMessage sms -> exit) published as the harness does; stored events offered
 * at `rate` per second through `engine.runtime.handleStoredEvents` in 50 ms batches paced by the wall clock,
 * one batch at a time as the ingestion consumer hands them (a slow batch makes the next one bigger), each
 * event for a customer of its own. Per message: the time from the event's place on the schedule (it waits
 * behind a slow batch) to the SMSC's receivedAt, matched by destination number.
 */
async function e2ePhase(f: Fixture, rate: number, seconds: number): Promise<E2eFigures> {
  const { ds } = f;
  const eventType = `bench.channels.${randomUUID().slice(0, 6)}`;
  const definition = {
    version: 1,
    entry: { type: 'event', eventType, where: [] },
    reEntry: { kind: 'always' },
    nodes: [
      { id: 'start', type: 'start', next: 'send' },
      { id: 'send', type: 'sendMessage', channel: 'sms', templateId: f.templates.sms, next: 'done' },
      { id: 'done', type: 'exit' },
    ],
  } as JourneyDefinitionInput;
  await publishBenchJourney(ds, `bench-channels-e2e-${eventType}`, definition);
  f.engine.catalogue.invalidate();
  await f.engine.catalogue.journeys();
  f.gw.clear();
  const total = Math.min(rate * seconds, f.customers.length);
  const offeredAt = new Map<string, number>();
  const tickMs = 50;
  let failures = 0;
  log(`e2e: offering ${total} events at ${rate}/s (${seconds} s)`);
  const t0 = Date.now();
  let offered = 0;
  while (offered < total) {
    const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate) + Math.ceil((rate * tickMs) / 1000));
    if (due > offered) {
      const events: StoredCustomerEvent[] = [];
      for (; offered < due; offered++) {
        const c = f.customers[offered];
        // The event's offering is its place on the schedule (waiting behind a slow batch counts), or now when a
        // batch goes up to one tick ahead of the schedule (never a negative latency).
        const at = Math.min(t0 + Math.floor((offered / rate) * 1000), Date.now());
        offeredAt.set(c.mobile, at);
        events.push({ eventId: randomUUID(), customerId: c.id, customerNo: c.customerNo, type: eventType, occurredAt: new Date(at), properties: {} });
      }
      try {
        await ds.query('INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES ?', [
          events.map((e) => [e.eventId, e.customerId, e.customerNo, e.type, e.occurredAt, '{}', new Date(), 'bench']),
        ]);
        await f.engine.runtime.handleStoredEvents(events);
      } catch (err) {
        failures += 1;
        if (failures <= 3) log(`  a batch failed: ${String(err)}`);
      }
    }
    const next = t0 + (offered / rate) * 1000;
    const wait = next - Date.now() - tickMs / 2;
    if (wait > 0) await sleep(wait);
    if (offered % (rate * 2) < (rate * tickMs) / 1000 + 1) {
      const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM message WHERE channel = 'sms' AND template_id = ? AND journey_id IS NOT NULL", [f.templates.sms]);
      const got = f.gw.received().sms.filter((s) => offeredAt.has(s.destination)).length;
      log(`  ${offered} offered, ${n} messages queued, ${got} at the SMSC (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  const offerSeconds = (Date.now() - t0) / 1000;
  log(`  offered ${offered} in ${offerSeconds.toFixed(1)} s; waiting for the SMSC`);
  let received = 0;
  for (let idle = 0, until = Date.now() + 60_000; Date.now() < until;) {
    const now = f.gw.received().sms.filter((s) => offeredAt.has(s.destination)).length;
    idle = now === received ? idle + 1 : 0;
    received = now;
    if (idle === 0 && received % 1000 < 100) log(`  ${received} received by the SMSC at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (received >= total || idle > 50) break;
    await sleep(200);
  }
  const attempts: Array<{ attempt_count: number; n: string }> = await ds.query(
    "SELECT attempt_count, COUNT(*) AS n FROM message WHERE channel = 'sms' AND template_id = ? AND journey_id IS NOT NULL GROUP BY attempt_count",
    [f.templates.sms],
  );
  const failedCodes: Array<{ code: string; n: string }> = await ds.query(
    "SELECT JSON_VALUE(body, '$.payload.errorCode') AS code, COUNT(*) AS n FROM domain_event WHERE type = 'message.failed' AND occurred_at >= ? GROUP BY code",
    [new Date(t0)],
  );
  log(
    `  attempts per message: ${attempts.map((a) => `${a.attempt_count}x ${a.n}`).join(', ')}; failed attempts: ${failedCodes.map((c) => `${c.code} ${c.n}`).join(', ') || 'none'}`,
  );
  const lat = f.gw
    .received()
    .sms.filter((s) => offeredAt.has(s.destination))
    .map((s) => s.receivedAt.getTime() - offeredAt.get(s.destination)!)
    .sort((a, b) => a - b);
  const fig: E2eFigures = {
    offeredRate: rate,
    seconds,
    offered,
    achievedRate: offered / offerSeconds,
    received: lat.length,
    p50Ms: percentile(lat, 50),
    p95Ms: percentile(lat, 95),
    p99Ms: percentile(lat, 99),
    maxMs: lat[lat.length - 1] ?? NaN,
  };
  log(
    `  ${fig.received}/${offered} received by the SMSC; event -> SMSC p50 ${fig.p50Ms} ms, p95 ${fig.p95Ms} ms, p99 ${fig.p99Ms} ms, max ${fig.maxMs} ms` +
      (failures ? `; ${failures} batches failed` : ''),
  );
  return fig;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  let decide: DecideFigures | null = null;
  const throughput: ThroughputFigures[] = [];
  let e2e: E2eFigures | null = null;
  let settings: string[] = [];
  if (phase === 'all' || phase === 'decide') {
    log('decideSend micro-benchmark (engine/channels/policy/decide-send.bench.ts)');
    decide = await decidePhase();
    for (const l of decide.lines) log(`  ${l}`);
  }
  if (phase !== 'decide') {
    const need = Math.max(phase === 'e2e' ? 0 : Math.max(counts.sms, counts.email, counts.push), phase === 'throughput' ? 0 : e2eRate * e2eSeconds);
    let f: Fixture | null = null;
    try {
      f = await setUp(need);
      settings = f.settings;
      if (phase === 'all' || phase === 'throughput')
        for (const ch of ['sms', 'email', 'push'] as const) if (counts[ch] > 0) throughput.push(await throughputPhase(f, ch, counts[ch]));
      if (phase === 'all' || phase === 'e2e') e2e = await e2ePhase(f, e2eRate, e2eSeconds);
    } finally {
      await tearDown(f);
    }
  }

  log('');
  log(`settings (2-core machine, Node ${process.version}, local servers; total run ${((Date.now() - t0) / 1000).toFixed(0)} s):`);
  for (const s of settings) log(`  ${s}`);
  log('');
  log('figure                                                    measured        target');
  const row = (name: string, value: string, target: string) => log(`${name.padEnd(58)}${value.padStart(12)}    ${target}`);
  const targets: Record<Channel, [string, number]> = {
    sms: ['SMS/s over SMPP (local SMSC)', 1000],
    email: ['e-mails/s over SMTP (local server)', 300],
    push: ['push/s (local receiver)', 2000],
  };
  for (const t of throughput) {
    const [name, target] = targets[t.channel];
    row(`${name}, ${t.sent}/${t.queued} sent`, t.perSecond.toFixed(0), `>= ${target.toLocaleString('en')} ${t.perSecond >= target ? 'met' : 'MISSED'}`);
    if (t.channel === 'sms') row('  DELIVERED by receipt when the last was SENT', `${t.delivered}/${t.sent}`, '');
    row(`  deliver() avg ms / busy workers of ${concurrency}`, `${t.deliverAvgMs.toFixed(1)} / ${t.busyWorkers.toFixed(0)}`, '');
    row(
      `  SQL / deliverer Redis cmds (not Bull) per msg @ ms each`,
      `${t.dbQueriesPerMsg.toFixed(1)}@${t.dbMsPerQuery.toFixed(1)} / ${t.redisCmdsPerMsg.toFixed(1)}@${t.redisMsPerCmd.toFixed(1)}`,
      '',
    );
    row(
      `  CPU % bench+local servers (event loop) / mariadb / redis`,
      `${t.benchCpuPct.toFixed(0)} (${(t.eventLoopUtil * 100).toFixed(0)}) / ${t.mariadbCpuPct?.toFixed(0) ?? '?'} / ${t.redisCpuPct?.toFixed(0) ?? '?'}`,
      '',
    );
  }
  if (decide) row('decideSend p50 / p99 (µs)', `${decide.p50Us} / ${decide.p99Us}`, `p99 < 1,000 ${decide.p99Us < 1000 ? 'met' : 'MISSED'}`);
  if (e2e) {
    row(`event -> SMSC, offered ${e2e.offeredRate}/s for ${e2e.seconds} s: achieved/s`, e2e.achievedRate.toFixed(0), '>= 500');
    row(`  received by the SMSC / events offered`, `${e2e.received}/${e2e.offered}`, 'equal');
    row(`  p50 / p95 (ms)`, `${e2e.p50Ms} / ${e2e.p95Ms}`, '');
    row(`  p99 / max (ms)`, `${e2e.p99Ms} / ${e2e.maxMs}`, `p99 < 2,000 ${e2e.p99Ms < 2000 ? 'met' : 'MISSED'}`);
  }
}

async function tearDown(f: Fixture | null): Promise<void> {
  if (f) {
    await f.channels.stop().catch(() => undefined);
    for (const [, q] of f.engine.queues.all()) await q.obliterate({ force: true }).catch(() => undefined);
    await f.engine.stop().catch(() => undefined);
    await f.gw.stop().catch(() => undefined);
    await f.ds.destroy().catch(() => undefined);
  }
  const redis = f?.redis ?? new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  redis.disconnect();
  const conn = await createConnection(dbServer());
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.end();
  log(`dropped ${database}, deleted ${keys.length} Redis keys under ${prefix}, stopped the local servers`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
