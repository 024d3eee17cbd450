import { consumerUp } from './ingestion-metrics.js';

export type ConsumerState = 'starting' | 'consuming' | 'restarting' | 'stopped';

/**
 * Whether ingestion is consuming, for /readyz and `ingestion_consumer_up`.
 * Ready means: the consumer is in its group, and no partition's last batch
 * failed (a failed batch is retried and its offsets stay uncommitted, so
 * nothing is ingested from that partition until it succeeds).
 */
export class IngestionHealth {
  private state: ConsumerState = 'starting';
  private detail = 'the consumer is starting';
  /** partition ("topic/partition") -> what failed, until a batch of that partition succeeds. */
  private readonly failing = new Map<string, string>();

  setState(state: ConsumerState, detail: string): void {
    this.state = state;
    this.detail = detail;
    this.publish();
  }

  batchFailed(partition: string, stage: string, err: unknown): void {
    this.failing.set(partition, `${stage} of a batch from ${partition} failed at ${new Date().toISOString()} (${describeError(err)}); retrying`);
    this.publish();
  }

  batchSucceeded(partition: string): void {
    if (this.failing.delete(partition)) this.publish();
  }

  /** After a rebalance, failures of partitions now consumed elsewhere are no longer ours to report. */
  assigned(partitions: string[]): void {
    const mine = new Set(partitions);
    for (const p of [...this.failing.keys()]) if (!mine.has(p)) this.failing.delete(p);
    this.publish();
  }

  /** Null when consuming; otherwise one line saying why not. */
  problem(): string | null {
    if (this.state !== 'consuming') return `${this.state}: ${this.detail}`;
    if (this.failing.size > 0) return [...this.failing.values()].join('; ');
    return null;
  }

  private publish(): void {
    consumerUp.set(this.problem() === null ? 1 : 0);
  }
}

/** An error's name and message on one short line (no stack, no SQL: the driver's message only). */
export function describeError(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string } | null;
  const text = `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
