import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScratchDb } from './scratch-db.js';
import { createConnection } from 'mysql2/promise';
import { trackingRoutes } from '../../engine/channels/tracking/tracking-routes.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { createLogger } from '../../engine/observability/logger.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { startJourneyEngine, type JourneyEngine } from '../../engine/journeys/runtime/journey-engine.js';
import { startLocalGateways, type LocalGateways } from '../../engine/channels/local-gateways/index.js';
import { startChannels, type RunningChannels, type StartChannelsOptions } from '../../engine/channels/workers/start-channels.js';
import { createTrackingLinks } from '../../engine/channels/tracking/tracking-links.js';
import { loadConfig } from '../../engine/config/load-config.js';
import type { ChannelsConfig } from '../../engine/config/channels.config.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { maskEmail, maskMobile } from '../../resources/customer/contact-format.util.js';
import { TemplateService } from '../../resources/template/template.service.js';
import type { JourneyDefinitionInput } from '../../engine/definitions/journey/journey-definition.schema.js';
import { testEnv } from './test-env.js';
import { dbServer } from './db.js';
import { publishJourneyRows, storedEvent } from './journeys.js';
import { stamp } from './unique.js';

/**
 * The channels as the platform wires them, in the test process: the real
 * MariaDB (a scratch database of its own: the suite platform's reconciler
 * and channel workers would otherwise take these messages too), Redis under
 * a queue prefix of its own, local SMTP/SMPP/push servers started here, a
 * journey engine whose send queues the channel workers consume, the public
 * tracking routes on a port of their own (the links in messages point
 * there), one published fund, and a clock the test moves.
 */
export interface ChannelHarness {
  ds: DataSource;
  dbName: string;
  /** Where the tracking and unsubscribe routes listen (the links' public URL). */
  trackingUrl: string;
  /** A published FUND product (risk grade 2) with a rate. */
  fundId: number;
  redis: Redis;
  gw: LocalGateways;
  engine: JourneyEngine;
  channels: RunningChannels;
  endpoints: { smtp: { url: string }; smpp: { url: string }; push: { url: string } };
  config: ChannelsConfig;
  cipher: PiiCipher;
  prefix: string;
  setClock(iso: string | number): void;
  now(): Date;
  customer(o?: CustomerOptions): Promise<{ id: number; customerNo: string; mobile: string; email: string; token: string }>;
  template(o: TemplateOptions): Promise<number>;
  /** Publishes a one-send journey on a fresh event type and fires it for the customer; returns the message id. */
  sendThroughJourney(c: { id: number; customerNo: string }, channel: 'sms' | 'email' | 'push', templateId: number): Promise<number>;
  /** A message row queued directly (no journey), its job on the channel queue. */
  queueMessage(c: { id: number }, channel: 'sms' | 'email' | 'push', templateId: number): Promise<number>;
  message(id: number): Promise<Record<string, any>>;
  waitStatus(id: number, statuses: string[], timeoutMs?: number): Promise<Record<string, any>>;
  restartChannels(extra?: Partial<StartChannelsOptions>): Promise<void>;
  close(): Promise<void>;
}

export interface CustomerOptions {
  status?: string;
  name?: string;
  consent?: Partial<Record<'sms' | 'email' | 'push' | 'night', boolean>>;
  propensity?: string | null;
  propensityAssessedAt?: Date | null;
  noContact?: boolean;
}

export interface TemplateOptions {
  channel: 'sms' | 'email' | 'push';
  kind: 'advertising' | 'informational';
  definition: Record<string, unknown>;
  validFrom?: Date;
  validUntil?: Date;
}

export async function startChannelHarness(
  env: Record<string, string> = {},
  extra: Partial<StartChannelsOptions> = {},
  options: { workers?: boolean } = {},
): Promise<ChannelHarness> {
  let clock = Date.parse('2031-03-04T01:00:00Z'); // a Tuesday, 10:00 in Seoul, years ahead so the suite platform's sweeper never finds these holds due
  const now = () => new Date(clock);
  const prefix = `bankcrm-ch-${randomUUID().slice(0, 8)}`;
  const dbName = `${testEnv.dbName}_ch_${randomUUID().slice(0, 6)}`;
  const ds = await createScratchDb(dbName);
  const fundId = await seedFund(ds);
  const cipher = new PiiCipher(Buffer.from(testEnv.piiKey, 'base64'));
  const tracking = express();
  tracking.use(trackingRoutes({ ds, services: createDomainServices(ds, cipher), publicUrl: 'http://127.0.0.1', secret: testEnv.trackingSecret }));
  const trackingServer: Server = await new Promise((resolve) => {
    const srv = tracking.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const trackingUrl = `http://127.0.0.1:${(trackingServer.address() as AddressInfo).port}`;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const gw = await startLocalGateways({ smpp: { receiptDelayMs: 20 } });
  const config = loadConfig({ NODE_ENV: 'test', TRACKING_SECRET: testEnv.trackingSecret, CHANNEL_CONCURRENCY: '20', ...env }).channels;
  const engine = await startJourneyEngine({
    ds,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: prefix,
    logger: createLogger('silent'),
    appendEvents: (tx, events) => appendToOutbox(tx, events),
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [], secret: 'test-webhook-secret', timeoutMs: 1000, attempts: 1, backoffMs: 50 },
    workers: true,
    now,
    wake: { idleMs: 50 },
  });
  const endpoints = {
    smtp: { url: `smtp://${gw.smtp.host}:${gw.smtp.port}`, from: '한빛은행 <noreply@bank.example>', poolSize: 3 },
    smpp: { url: `smpp://${gw.smpp.systemId}:${gw.smpp.password}@${gw.smpp.host}:${gw.smpp.port}`, sourceAddr: '15880000', window: 10, dataCoding: 'euc-kr' as const },
    push: { url: `${gw.push.url}/v1/projects/test-bank/messages:send`, token: gw.push.token },
  };
  const start = (more: Partial<StartChannelsOptions> = {}) =>
    startChannels({
      ds,
      redis,
      keyPrefix: prefix,
      queues: engine.queues.send,
      cipher,
      templates: new TemplateService(ds, config.bank),
      links: createTrackingLinks({ publicUrl: trackingUrl, secret: testEnv.trackingSecret }),
      endpoints,
      config,
      logger: createLogger('silent'),
      kickOutbox: () => undefined,
      now,
      sweepEveryMs: 0,
      retryInitialMs: 50,
      smpp: { throttleBackoffMs: 20 },
      ...extra,
      ...more,
    });
  // Without workers (a test that runs them in another process first), `channels` exists once restartChannels is called.
  let channels: RunningChannels | null = options.workers === false ? null : await start();

  const h: ChannelHarness = {
    ds,
    dbName,
    trackingUrl,
    fundId,
    redis,
    gw,
    engine,
    get channels() {
      if (!channels) throw new Error('the channel workers are not started (restartChannels)');
      return channels;
    },
    endpoints,
    config,
    cipher,
    prefix,
    setClock: (t) => {
      clock = typeof t === 'number' ? t : Date.parse(t);
    },
    now,
    async customer(o = {}) {
      const customerNo = `H${stamp()}`;
      const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
      const mobile = `010${digits}`;
      const email = `c${customerNo.toLowerCase()}@example.com`;
      const consent = { sms: true, email: true, push: true, night: false, ...o.consent };
      const at = new Date(clock - 86_400_000);
      const r = await ds.query(
        `INSERT INTO customer (customer_no, name, status, region, risk_grade, tags, mobile_enc, mobile_hash, mobile_masked, email_enc, email_hash, email_masked,
           consent_sms, consent_sms_at, consent_email, consent_email_at, consent_push, consent_push_at, consent_night, consent_night_at, propensity, propensity_assessed_at)
         VALUES (?, ?, ?, 'SEOUL', 'LOW', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          customerNo,
          o.name ?? '홍길동',
          o.status ?? 'ACTIVE',
          o.noContact ? null : cipher.encrypt(mobile),
          o.noContact ? null : cipher.lookupHash('mobile', mobile),
          o.noContact ? null : maskMobile(mobile),
          o.noContact ? null : cipher.encrypt(email),
          o.noContact ? null : cipher.lookupHash('email', email),
          o.noContact ? null : maskEmail(email),
          consent.sms ? 1 : 0,
          at,
          consent.email ? 1 : 0,
          at,
          consent.push ? 1 : 0,
          at,
          consent.night ? 1 : 0,
          at,
          o.propensity === undefined ? 'NEUTRAL' : o.propensity,
          o.propensityAssessedAt === undefined ? at : o.propensityAssessedAt,
        ],
      );
      const id = Number(r.insertId);
      const token = `tok-${customerNo}`;
      if (!o.noContact)
        await ds.query("INSERT INTO customer_device (customer_id, platform, token, registered_at, last_seen_at) VALUES (?, 'android', ?, ?, ?)", [id, token, at, at]);
      return { id, customerNo, mobile, email, token };
    },
    async template(o) {
      const r = await ds.query(
        `INSERT INTO message_template (name, channel, kind, status, revision, definition, problems, review_number, valid_from, valid_until, submitted_at, approved_at)
         VALUES (?, ?, ?, 'APPROVED', 1, ?, '[]', ?, ?, ?, ?, ?)`,
        [
          `channel test ${o.channel} ${stamp()}`,
          o.channel,
          o.kind,
          JSON.stringify({ version: 1, channel: o.channel, kind: o.kind, ...o.definition }),
          `준법감시인 심의필 제${stamp()}호`,
          o.validFrom ?? new Date(clock - 30 * 86_400_000),
          o.validUntil ?? new Date(clock + 365 * 86_400_000),
          new Date(clock - 30 * 86_400_000),
          new Date(clock - 30 * 86_400_000),
        ],
      );
      return Number(r.insertId);
    },
    async sendThroughJourney(c, channel, templateId) {
      const eventType = `test.channel${stamp().replace(/[^a-z0-9]/gi, '')}`;
      const definition: JourneyDefinitionInput = {
        version: 1,
        entry: { type: 'event', eventType, where: [] },
        reEntry: { kind: 'always' },
        nodes: [
          { id: 'start', type: 'start', next: 'send' },
          { id: 'send', type: 'sendMessage', channel, templateId, next: 'done' },
          { id: 'done', type: 'exit' },
        ],
      } as JourneyDefinitionInput;
      await publishJourneyRows(ds, definition);
      await engine.catalogue.invalidate();
      await engine.runtime.handleStoredEvents([await storedEvent(ds, c, eventType, now())]);
      const rows: Array<{ id: string }> = await ds.query('SELECT id FROM message WHERE customer_id = ? AND template_id = ? ORDER BY id DESC LIMIT 1', [c.id, templateId]);
      if (!rows[0]) throw new Error('the journey queued no message');
      return Number(rows[0].id);
    },
    async queueMessage(c, channel, templateId) {
      const at = now();
      const r = await ds.query(
        'INSERT INTO message (idempotency_key, channel, template_id, customer_id, status, requested_at, enqueued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [`test:${randomUUID()}`, channel, templateId, c.id, 'QUEUED', at, at, at],
      );
      const id = Number(r.insertId);
      await engine.queues.send[channel].add({ messageId: String(id) }, { jobId: `m${id}`, removeOnComplete: true, removeOnFail: 1000 });
      return id;
    },
    async message(id) {
      const rows = await ds.query('SELECT * FROM message WHERE id = ?', [id]);
      return rows[0];
    },
    async waitStatus(id, statuses, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = await h.message(id);
        if (m && statuses.includes(m.status)) return m;
        if (Date.now() > until) throw new Error(`message ${id} is ${m?.status} (${m?.status_reason}), not ${statuses.join('/')}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async restartChannels(more = {}) {
      await channels?.stop();
      channels = await start(more);
    },
    async close() {
      await channels?.stop();
      for (const [, q] of engine.queues.all()) await q.obliterate({ force: true }).catch(() => undefined);
      await engine.stop();
      await gw.stop();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await new Promise((r) => trackingServer.close(r));
      await ds.destroy();
      const conn = await createConnection(dbServer());
      await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await conn.end();
    },
  };
  return h;
}

/** A staff author, a FUND product with a published version and a rate tier: what a product message needs. */
async function seedFund(ds: DataSource): Promise<number> {
  const staff = await ds.query("INSERT INTO staff (email, display_name, role, password_hash) VALUES ('maker@test.bank', '상품담당', 'product', 'x')");
  const product = await ds.query("INSERT INTO product (code, name, type, category, risk_grade) VALUES ('FND-T1', '테스트 성장형 펀드', 'FUND', '주식형', 2)");
  const version = await ds.query(
    "INSERT INTO product_version (product_id, version_no, label, status, valid_from, author_id, last_edited_by) VALUES (?, 1, 'v1', 'PUBLISHED', '2020-01-01', ?, ?)",
    [product.insertId, staff.insertId, staff.insertId],
  );
  await ds.query('INSERT INTO product_rate_tier (product_version_id, rate_bp) VALUES (?, 350)', [version.insertId]);
  return Number(product.insertId);
}
