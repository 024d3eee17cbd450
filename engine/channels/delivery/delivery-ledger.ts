import { randomUUID } from 'node:crypto';
import type { SendChannel } from '../policy/send-policy.config.js';

/** Anything with TypeORM's `DataSource.query` shape (rows for a SELECT, the driver's result header for an UPDATE). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What a worker may do with a message whose claim is older than the timeout and has no provider id. */
export type AmbiguousPolicy = 'failUnknownOutcome' | 'resubmit';

/**
 * The choice per channel when a worker died between submitting and recording (see README):
 * - sms: SMPP cannot look a message up by our id and the SMSC does not deduplicate: resubmitting may send
 *   it twice (billed twice, an advertisement twice), so it is marked FAILED `unknown-outcome` for review;
 * - email: resubmitted with the same Message-ID (`<m<id>@…>`), which receiving systems and mail clients
 *   use to drop a duplicate;
 * - push: FCM has no deduplication by our id: like SMS.
 */
export const ambiguousPolicy: Record<SendChannel, AmbiguousPolicy> = { sms: 'failUnknownOutcome', email: 'resubmit', push: 'failUnknownOutcome' };

export const unknownOutcomeReason = 'unknown-outcome';

export interface Claim {
  messageId: number;
  claimToken: string;
  /** 1 for the first claim; a takeover of an ambiguous claim counts too. */
  attempt: number;
}

export type ClaimResult =
  | ({ kind: 'claimed' } & Claim)
  /** Sent already (or delivered): do not submit again. */
  | { kind: 'alreadySent'; providerMessageId: string | null; status: 'SENT' | 'DELIVERED' }
  /** Failed or suppressed already: nothing to do. */
  | { kind: 'finished'; status: 'FAILED' | 'SUPPRESSED'; reason: string | null }
  /** Another worker claimed it less than the timeout ago: leave it (look again after `retryAfterMs`). */
  | { kind: 'inProgress'; retryAfterMs: number }
  /** Claimed longer ago than the timeout and no provider id: the submit may or may not have reached the gateway. */
  | { kind: 'ambiguous'; staleToken: string; attempt: number; claimedAt: Date }
  | { kind: 'missing' };

interface Row {
  status: string;
  status_reason: string | null;
  attempt_count: number;
  claim_token: string | null;
  claimed_at: Date | null;
  provider_message_id: string | null;
  age_ms: number | null;
}

export interface DeliveryLedgerOptions {
  /** A claim older than this without a provider id is ambiguous. Must exceed the longest submit (gateway timeout plus margin). */
  claimTimeoutMs: number;
}

const affected = (result: unknown): number => Number((result as { affectedRows?: number }).affectedRows ?? 0);

/**
 * "Check before submit, record the gateway's id": the message row is claimed (`SENDING`, a fresh claim token,
 * the attempt counted, the database's clock) in one conditional UPDATE before the gateway is called, and the
 * gateway's id is recorded with `SENT` in one statement after it accepted. Every later change is conditional
 * on the claim token, so of two workers at most one submits, and a stale claim is taken over by one worker only.
 */
export class DeliveryLedger {
  constructor(
    private readonly db: SqlRunner,
    private readonly options: DeliveryLedgerOptions,
  ) {
    if (!(options.claimTimeoutMs > 0)) throw new RangeError(`claimTimeoutMs must be positive, got ${options.claimTimeoutMs}`);
  }

  /** Claims a QUEUED or HELD message for submission; otherwise says what state it is in. */
  async claim(messageId: number): Promise<ClaimResult> {
    const token = randomUUID();
    const result = await this.db.query(
      `UPDATE message SET status = 'SENDING', attempt_count = attempt_count + 1, claim_token = ?, claimed_at = NOW(3), updated_at = NOW(3)
       WHERE id = ? AND status IN ('QUEUED', 'HELD')`,
      [token, messageId],
    );
    if (affected(result) === 1) {
      const row = await this.read(messageId);
      return { kind: 'claimed', messageId, claimToken: token, attempt: row?.attempt_count ?? 1 };
    }
    return this.describe(messageId);
  }

  /**
   * Claims several messages in two statements (one UPDATE with one fresh token, one SELECT), for workers that
   * handle many messages at once; answers in the order of `messageIds`. An id given twice is claimed once: the
   * second copy is `inProgress`.
   */
  async claimMany(messageIds: number[]): Promise<ClaimResult[]> {
    if (messageIds.length === 0) return [];
    const token = randomUUID();
    await this.db.query(
      `UPDATE message SET status = 'SENDING', attempt_count = attempt_count + 1, claim_token = ?, claimed_at = NOW(3), updated_at = NOW(3)
       WHERE id IN (?) AND status IN ('QUEUED', 'HELD')`,
      [token, messageIds],
    );
    const rows: Array<Row & { id: number | string }> = await this.db.query(
      `SELECT id, status, status_reason, attempt_count, claim_token, claimed_at, provider_message_id,
              TIMESTAMPDIFF(MICROSECOND, claimed_at, NOW(3)) / 1000 AS age_ms
       FROM message WHERE id IN (?)`,
      [messageIds],
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const seen = new Set<number>();
    return messageIds.map((id): ClaimResult => {
      const row = byId.get(id);
      const first = !seen.has(id);
      seen.add(id);
      if (row && first && row.status === 'SENDING' && row.claim_token === token) return { kind: 'claimed', messageId: id, claimToken: token, attempt: Number(row.attempt_count) };
      if (row && !first && row.claim_token === token) return { kind: 'inProgress', retryAfterMs: this.options.claimTimeoutMs };
      return this.describeRow(row);
    });
  }

  /** The state of a message that could not be claimed (also what a sweeper uses). */
  async describe(messageId: number): Promise<ClaimResult> {
    return this.describeRow(await this.read(messageId));
  }

  private describeRow(row: Row | undefined): ClaimResult {
    if (!row) return { kind: 'missing' };
    if (row.status === 'SENT' || row.status === 'DELIVERED') return { kind: 'alreadySent', providerMessageId: row.provider_message_id, status: row.status };
    if (row.status === 'FAILED' || row.status === 'SUPPRESSED') return { kind: 'finished', status: row.status, reason: row.status_reason };
    if (row.status === 'SENDING' && row.claim_token && row.claimed_at) {
      const age = Number(row.age_ms);
      if (age < this.options.claimTimeoutMs) return { kind: 'inProgress', retryAfterMs: this.options.claimTimeoutMs - age };
      return { kind: 'ambiguous', staleToken: row.claim_token, attempt: row.attempt_count, claimedAt: row.claimed_at };
    }
    // QUEUED or HELD again between the UPDATE and this read: the caller may simply claim again.
    return { kind: 'inProgress', retryAfterMs: 0 };
  }

  /** The gateway accepted: `SENT` with its id, in one statement. False when the claim is no longer this worker's. */
  async recordSent(claim: Claim, providerMessageId: string): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE message SET status = 'SENT', provider_message_id = ?, sent_at = NOW(3), updated_at = NOW(3)
       WHERE id = ? AND status = 'SENDING' AND claim_token = ?`,
      [providerMessageId, claim.messageId, claim.claimToken],
    );
    return affected(result) === 1;
  }

  /** The gateway certainly did not take it (refused, or never reached): back to QUEUED for a retry. */
  async unclaim(claim: Claim, reason: string | null = null): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE message SET status = 'QUEUED', status_reason = ?, claim_token = NULL, claimed_at = NULL, updated_at = NOW(3)
       WHERE id = ? AND status = 'SENDING' AND claim_token = ?`,
      [reason, claim.messageId, claim.claimToken],
    );
    return affected(result) === 1;
  }

  /** The gateway refused it for good (e.g. an invalid recipient): FAILED with the reason. */
  async fail(claim: Claim, reason: string): Promise<boolean> {
    return this.failByToken(claim.messageId, claim.claimToken, reason);
  }

  /**
   * Resolves an ambiguous claim one way or the other; only one worker wins (the stale token must still be there).
   * `failUnknownOutcome` marks it FAILED `unknown-outcome` for manual review; `resubmit` takes the claim over
   * (a new token, the attempt counted) and the caller submits again with the same gateway-side id.
   */
  async resolveAmbiguous(messageId: number, staleToken: string, policy: AmbiguousPolicy): Promise<Claim | 'failed' | 'lost'> {
    if (policy === 'failUnknownOutcome') return (await this.failByToken(messageId, staleToken, unknownOutcomeReason, true)) ? 'failed' : 'lost';
    const token = randomUUID();
    const result = await this.db.query(
      `UPDATE message SET attempt_count = attempt_count + 1, claim_token = ?, claimed_at = NOW(3), updated_at = NOW(3)
       WHERE id = ? AND status = 'SENDING' AND claim_token = ? AND provider_message_id IS NULL`,
      [token, messageId, staleToken],
    );
    if (affected(result) !== 1) return 'lost';
    const row = await this.read(messageId);
    return { messageId, claimToken: token, attempt: row?.attempt_count ?? 0 };
  }

  /** Ambiguous messages (oldest claims first), for a sweeper. */
  async findAmbiguous(limit = 100): Promise<Array<{ messageId: number; channel: SendChannel; staleToken: string; attempt: number; claimedAt: Date }>> {
    const rows: Array<{ id: number | string; channel: SendChannel; claim_token: string; attempt_count: number; claimed_at: Date }> = await this.db.query(
      `SELECT id, channel, claim_token, attempt_count, claimed_at FROM message
       WHERE status = 'SENDING' AND provider_message_id IS NULL AND claimed_at < NOW(3) - INTERVAL ? MICROSECOND
       ORDER BY claimed_at LIMIT ?`,
      [Math.round(this.options.claimTimeoutMs * 1000), limit],
    );
    return rows.map((r) => ({ messageId: Number(r.id), channel: r.channel, staleToken: r.claim_token, attempt: r.attempt_count, claimedAt: r.claimed_at }));
  }

  private async failByToken(messageId: number, token: string, reason: string, onlyWithoutProviderId = false): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE message SET status = 'FAILED', status_reason = ?, updated_at = NOW(3)
       WHERE id = ? AND status = 'SENDING' AND claim_token = ?${onlyWithoutProviderId ? ' AND provider_message_id IS NULL' : ''}`,
      [reason, messageId, token],
    );
    return affected(result) === 1;
  }

  private async read(messageId: number): Promise<Row | undefined> {
    const rows: Row[] = await this.db.query(
      `SELECT status, status_reason, attempt_count, claim_token, claimed_at, provider_message_id,
              TIMESTAMPDIFF(MICROSECOND, claimed_at, NOW(3)) / 1000 AS age_ms
       FROM message WHERE id = ?`,
      [messageId],
    );
    return rows[0];
  }
}
