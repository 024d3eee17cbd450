import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';
import type { MessageChannel } from '../../definitions/journey/journey-action-nodes.schema.js';
import type { JourneyRuntime } from './journey-runtime.js';
import type { WebhookJob } from './advance.js';
import { idempotencyKeyOf, type JourneyInstanceState } from '../interpreter/journey-step.types.js';
import { jsonColumn } from '../../segments/json-column.util.js';
import type { JourneyQueues } from './journey-queues.js';
import type { JourneyCatalogue } from './journey-catalogue.js';

export interface ReconcileReport {
  /** Redis had lost its data (the epoch key was gone): everything was rebuilt from MariaDB. */
  redisReset: boolean;
  wakeMarkersCleared: number;
  messagesEnqueued: number;
  webhooksEnqueued: number;
  schedulesRegistered: number;
}

export interface ReconcilerOptions {
  /** A wake-up stamp older than this has no job behind it any more (crash, lost Redis). */
  staleWakeMs: number;
  /** A message committed this long ago and still not enqueued was dropped between commit and enqueue. */
  staleMessageMs: number;
  everyMs: number;
}

export const defaultReconcilerOptions: ReconcilerOptions = { staleWakeMs: 120_000, staleMessageMs: 15_000, everyMs: 30_000 };

const page = 5000;

/**
 * Makes Redis agree with MariaDB, which is the source of truth:
 *
 * - Redis lost its data (FLUSHALL, a restart without persistence) — detected
 *   by an epoch key the reconciler writes and finds missing — then every
 *   wake-up stamp is cleared (the scheduler re-queues what is due), every
 *   QUEUED message is enqueued again, every webhook in flight is called again
 *   (same idempotency key) and schedules are registered again;
 * - otherwise only what is stale: wake-up stamps older than `staleWakeMs`,
 *   messages committed but never enqueued (a crash between commit and
 *   enqueue), webhook waits whose job is gone.
 *
 * Re-enqueueing is always safe: job ids dedupe while a job exists, and
 * every worker re-checks the row under a lock before acting.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly redis: Redis,
    private readonly epochKey: string,
    private readonly queues: JourneyQueues,
    private readonly runtime: JourneyRuntime,
    private readonly catalogue: JourneyCatalogue,
    private readonly registerSchedules: () => Promise<number>,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly options: ReconcilerOptions = defaultReconcilerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs);
    this.timer.unref();
  }

  /** One pass (also run at start); concurrent calls share the pass in progress. */
  runOnce(): Promise<ReconcileReport | null> {
    this.running ??= this.reconcile()
      .then((r) => {
        if (r.redisReset || r.wakeMarkersCleared || r.messagesEnqueued || r.webhooksEnqueued) this.logger.warn(r, 'journey reconciler repaired Redis from MariaDB');
        return r;
      })
      .catch((err) => {
        this.logger.error({ err }, 'journey reconciler failed; next pass retries');
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running as Promise<ReconcileReport | null>;
  }

  async reconcile(): Promise<ReconcileReport> {
    const now = this.now();
    // SET NX: only the first process after a loss sees the key missing and does the full rebuild.
    const redisReset = (await this.redis.set(this.epochKey, now.toISOString(), 'NX')) === 'OK';
    const report: ReconcileReport = { redisReset, wakeMarkersCleared: 0, messagesEnqueued: 0, webhooksEnqueued: 0, schedulesRegistered: 0 };

    const staleWake = redisReset ? now : new Date(now.getTime() - this.options.staleWakeMs);
    const cleared: { affectedRows?: number } = await this.ds.query('UPDATE journey_instance SET wake_queued_at = NULL WHERE wake_queued_at IS NOT NULL AND wake_queued_at <= ?', [
      staleWake,
    ]);
    report.wakeMarkersCleared = cleared.affectedRows ?? 0;

    let lastId = '0';
    for (;;) {
      const rows: Array<{ id: string; channel: MessageChannel }> = await this.ds.query(
        redisReset
          ? `SELECT id, channel FROM message WHERE status = 'QUEUED' AND id > ? ORDER BY id LIMIT ${page}`
          : `SELECT id, channel FROM message WHERE status = 'QUEUED' AND enqueued_at IS NULL AND requested_at <= ? AND id > ? ORDER BY id LIMIT ${page}`,
        redisReset ? [lastId] : [new Date(now.getTime() - this.options.staleMessageMs), lastId],
      );
      if (rows.length === 0) break;
      await this.runtime.enqueue({ messages: rows.map((r) => ({ id: String(r.id), channel: r.channel })), webhooks: [] });
      report.messagesEnqueued += rows.length;
      lastId = String(rows[rows.length - 1].id);
      if (rows.length < page) break;
    }

    const waits: Array<{ id: string; journey_id: number; version_id: number; customer_id: number; state: unknown }> = await this.ds.query(
      `SELECT id, journey_id, version_id, customer_id, state FROM journey_instance WHERE active = 1 AND waiting_kind = 'webhook'${redisReset ? '' : ' AND updated_at <= ?'}`,
      redisReset ? [] : [new Date(now.getTime() - this.options.staleMessageMs)],
    );
    const webhooks: WebhookJob[] = [];
    for (const w of waits) {
      const s = jsonColumn<JourneyInstanceState>(w.state);
      if (s.wait?.kind !== 'webhook') continue;
      const key = idempotencyKeyOf(w.id, s.wait.nodeId, s.wait.visit);
      if (!redisReset && (await this.queues.webhook.getJob(key))) continue;
      const job = await this.webhookJobFor(w, s, key);
      if (job) webhooks.push(job);
    }
    if (webhooks.length > 0) await this.runtime.enqueue({ messages: [], webhooks });
    report.webhooksEnqueued = webhooks.length;

    if (redisReset) report.schedulesRegistered = await this.registerSchedules();
    return report;
  }

  private async webhookJobFor(w: { id: string; journey_id: number; version_id: number; customer_id: number }, s: JourneyInstanceState, key: string): Promise<WebhookJob | null> {
    // Versions are immutable and cached by the catalogue.
    const version = await this.catalogue.version(Number(w.version_id));
    const node = version.definition.nodes.find((n) => n.id === s.wait?.nodeId);
    if (node?.type !== 'webhook' || s.wait?.kind !== 'webhook') return null;
    return {
      instanceId: String(w.id),
      journeyId: Number(w.journey_id),
      versionId: Number(w.version_id),
      customerId: Number(w.customer_id),
      nodeId: s.wait.nodeId,
      visit: s.wait.visit,
      url: node.url,
      payload: node.payload,
      idempotencyKey: key,
    };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
