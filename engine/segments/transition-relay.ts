import type { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { toSegmentEvent, type TransitionRow } from './segment-event.js';

const batchSize = 500;

/**
 * Relays segment transitions from the outbox table to Kafka: rows are
 * claimed with FOR UPDATE SKIP LOCKED (several processes may relay at once
 * without sending a row twice), sent keyed by customer number (one
 * customer's events stay in order on one partition), and marked published
 * in the same transaction. If Kafka fails the transaction rolls back and
 * the rows are sent on the next attempt; at-least-once, deduplicated by
 * consumers through `eventId`.
 */
export class TransitionRelay {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  /** Sweeps periodically, for rows left by a process that stopped before relaying. */
  start(everyMs = 5000): void {
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a drain soon; calls during a drain coalesce into one more pass. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => {
        this.logger.error({ err }, 'segment transition relay failed; will retry');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Sends everything pending; returns how many messages were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.ds.transaction(async (tx) => {
        const rows: TransitionRow[] = await tx.query(
          `SELECT id, segment_id, version_id, customer_id, kind, cause, occurred_at FROM segment_transition
            WHERE published_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return 0;
        const customers: Array<{ id: number; customer_no: string }> = await tx.query(
          'SELECT id, customer_no FROM customer WHERE id IN (?)', [[...new Set(rows.map((r) => r.customer_id))]],
        );
        const versions: Array<{ id: number; version: number; name: string }> = await tx.query(
          'SELECT v.id, v.version, s.name FROM segment_version v JOIN segment s ON s.id = v.segment_id WHERE v.id IN (?)',
          [[...new Set(rows.map((r) => r.version_id))]],
        );
        const noOf = new Map(customers.map((c) => [Number(c.id), c.customer_no]));
        const versionOf = new Map(versions.map((v) => [Number(v.id), { name: v.name, version: Number(v.version) }]));
        await this.producer.send({
          topic: this.topic,
          acks: -1,
          messages: rows.map((r) => {
            const customerNo = noOf.get(Number(r.customer_id)) ?? String(r.customer_id);
            const message = toSegmentEvent(r, customerNo, versionOf.get(Number(r.version_id)) ?? { name: '', version: 0 });
            return { key: customerNo, value: JSON.stringify(message) };
          }),
        });
        await tx.query('UPDATE segment_transition SET published_at = ? WHERE id IN (?)', [new Date(), rows.map((r) => r.id)]);
        return rows.length;
      });
      sent += n;
      if (n < batchSize) return sent;
    }
  }

  /** Stops the sweep and waits for a drain in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }
}
