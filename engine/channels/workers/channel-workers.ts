import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../observability/logger.js';
import { runAsActor, systemActor } from '../../context/request-context.js';
import { sendChannels, type SendChannel } from '../policy/send-policy.config.js';
import { sendJobId, type SendJob } from '../../journeys/runtime/journey-queues.js';
import type { DeliveryReceipt } from './gateways/gateway.types.js';
import { MessageDeliverer, type DeliveryOutcome } from './deliver-message.js';
import { channelMetrics } from './channel-metrics.js';

export interface ChannelWorkersOptions {
  ds: DataSource;
  deliverer: MessageDeliverer;
  queues: Record<SendChannel, Queue.Queue<SendJob>>;
  logger: Logger;
  /** Messages one process handles at once per channel. */
  concurrency: number;
  /** How often held messages due now and stale claims are looked for. Default 30 s; 0: only when called. */
  sweepEveryMs?: number;
  now?: () => Date;
}

/**
 * The Bull side of the channels: one processor per channel queue (`send-sms`,
 * `send-email`, `send-push`), each job one message row. The outcome of
 * `MessageDeliverer.deliver` becomes a delayed job when the message must wait
 * (held until 08:00, a retry after backoff, an open circuit). A sweeper
 * releases held messages that are due (also when Redis lost their delayed
 * job) and settles claims a crashed worker left behind. Delivery receipts
 * (SMPP) arrive here too and are written to their message.
 */
export class ChannelWorkers {
  private timer: NodeJS.Timeout | null = null;
  private readonly pendingReceipts: Array<{ receipt: DeliveryReceipt; tries: number }> = [];
  private receiptTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private started = false;
  private readonly now: () => Date;

  constructor(private readonly o: ChannelWorkersOptions) {
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    this.started = true;
    for (const channel of sendChannels) {
      const queue = this.o.queues[channel];
      void queue.process(this.o.concurrency, (job: Queue.Job<SendJob>) =>
        runAsActor({ ...systemActor, email: `system:send-${channel}` }, () => this.handle(channel, Number(job.data.messageId))),
      );
      queue.on('failed', (job, err) => this.o.logger.error({ queue: queue.name, jobId: job.id, err }, 'channel job failed'));
    }
    const every = this.o.sweepEveryMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.sweep().catch((err) => this.o.logger.error({ err }, 'channel sweep failed')), every);
      this.timer.unref();
    }
  }

  /** One message, as its job runs it; the outcome decides whether a delayed job follows. */
  async handle(channel: SendChannel, messageId: number): Promise<DeliveryOutcome> {
    const end = channelMetrics.sendSeconds.startTimer({ channel });
    const outcome = await this.o.deliverer.deliver(messageId);
    end();
    channelMetrics.outcomes.inc({ channel, outcome: outcome.kind });
    if (outcome.kind === 'held') await this.later(channel, messageId, outcome.until.getTime(), `h${outcome.until.getTime()}`);
    if (outcome.kind === 'retry') await this.later(channel, messageId, outcome.at, `r${outcome.at}`);
    return outcome;
  }

  /** Held messages now due (by this clock), and claims left behind by a crashed worker. Returns how many of each. */
  async sweep(): Promise<{ released: number; settled: number }> {
    const now = this.now();
    const due: Array<{ id: string; channel: SendChannel }> = await this.o.ds.query(
      "SELECT id, channel FROM message WHERE status = 'HELD' AND hold_until <= ? ORDER BY hold_until LIMIT 2000",
      [now],
    );
    for (const channel of sendChannels) {
      const mine = due.filter((d) => d.channel === channel);
      if (mine.length > 0) {
        await this.o.queues[channel].addBulk(
          mine.map((d) => ({ data: { messageId: String(d.id) }, opts: { jobId: `${sendJobId(String(d.id))}:due${now.getTime()}`, removeOnComplete: true, removeOnFail: 1000 } })),
        );
      }
    }
    const stale = await this.o.deliverer.ledger.findAmbiguous(200);
    for (const s of stale) await this.handle(s.channel, s.messageId);
    return { released: due.length, settled: stale.length };
  }

  /** Hands a delivery receipt to its message; a receipt that beats the SENT mark is tried again shortly. */
  receipt(receipt: DeliveryReceipt): void {
    this.pendingReceipts.push({ receipt, tries: 0 });
    this.scheduleReceipts(0);
  }

  /** Stops taking jobs in this process (active ones finish first), then the sweeper and the receipt retries. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.started) await Promise.all(sendChannels.map((c) => this.o.queues[c].pause(true).catch(() => undefined)));
    if (this.receiptTimer) clearTimeout(this.receiptTimer);
  }

  private async later(channel: SendChannel, messageId: number, at: number, suffix: string): Promise<void> {
    await this.o.queues[channel].add(
      { messageId: String(messageId) },
      { jobId: `${sendJobId(String(messageId))}:${suffix}`, delay: Math.max(0, at - Date.now()), removeOnComplete: true, removeOnFail: 1000 },
    );
  }

  private scheduleReceipts(delayMs: number): void {
    if (this.receiptTimer || this.stopped) return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = null;
      void this.drainReceipts();
    }, delayMs);
  }

  private async drainReceipts(): Promise<void> {
    const batch = this.pendingReceipts.splice(0, this.pendingReceipts.length);
    const again: typeof batch = [];
    for (const item of batch) {
      try {
        const r = await this.o.deliverer.records.receipt('sms', item.receipt.providerMessageId, item.receipt.delivered, item.receipt.detail, this.now());
        if (r === 'unknown' && item.tries < 20) again.push({ ...item, tries: item.tries + 1 });
        else channelMetrics.receipts.inc({ result: r === 'unknown' ? 'unknown' : item.receipt.delivered ? 'delivered' : 'undelivered' });
      } catch (err) {
        this.o.logger.warn({ err }, 'writing a delivery receipt failed; trying again');
        if (item.tries < 20) again.push({ ...item, tries: item.tries + 1 });
      }
    }
    if (again.length > 0) {
      this.pendingReceipts.push(...again);
      this.scheduleReceipts(250);
    }
  }
}
