import type { DataSource, EntityManager } from 'typeorm';
import { appendToOutbox } from '../../outbox/append-to-outbox.js';
import { newDomainEvent } from '../../outbox/new-domain-event.js';
import type { DomainEvent } from '../../definitions/domain-events/index.js';
import type { RecommendationRecord, SendCheck } from '../policy/decide-send.js';
import type { SendChannel } from '../policy/send-policy.config.js';
import { DeliveryLedger, type Claim } from '../delivery/delivery-ledger.js';
import type { ErrorKind } from '../../errors/taxonomy-error.js';
import { MicroBatcher } from '../delivery/micro-batcher.js';

/**
 * Every write a channel worker makes about a message: the status with its
 * reason, the decision with its checks and the consents it was taken on, the
 * recommendation record, and the message's domain event — each status change
 * and its event in one transaction (the outbox), so Kafka `message-events`
 * and the table never disagree. The hot path (decisions to send, SENT marks,
 * delivery receipts) is written in small batches: one commit for the
 * messages that finished within a few milliseconds of each other.
 */

interface SentItem {
  ref: MessageRef;
  claim: Claim;
  accepted: { providerMessageId: string; response: string };
  details: { templateRevisionId: number | null; recipientMasked: string | null; renderMeta: Record<string, unknown> | null; recommendations: RecommendationRecord[] };
  at: Date;
}
interface ReceiptItem {
  channel: SendChannel;
  providerMessageId: string;
  delivered: boolean;
  detail: string;
  at: Date;
}
type ReceiptResult = 'applied' | 'duplicate' | 'unknown';

export interface MessageRef {
  messageId: number;
  customerId: number;
  customerNo: string | null;
  channel: SendChannel;
}

export interface DecisionRow {
  outcome: 'send' | 'hold' | 'suppress';
  reason: string | null;
  holdUntil: Date | null;
  ruleVersion: string;
  checks: Array<SendCheck | { rule: string; ok: boolean; reason?: string; detail?: Record<string, unknown> }>;
  consents: { sms: boolean; email: boolean; push: boolean; night: boolean } | null;
}

const actorFor = (channel: SendChannel) => ({ kind: 'system' as const, id: `send-${channel}` });
const affected = (r: unknown) => Number((r as { affectedRows?: number }).affectedRows ?? 0);
const tenYears = (d: Date) => new Date(Date.UTC(d.getUTCFullYear() + 10, d.getUTCMonth(), d.getUTCDate()));

export class MessageRecords {
  private readonly decisions = new MicroBatcher<{ messageId: number; d: DecisionRow; at: Date }, void>((items) => this.insertDecisions(items), { maxSize: 200, maxWaitMs: 3 });
  private readonly sentMarks = new MicroBatcher<SentItem, boolean>((items) => this.sentMany(items), { maxSize: 100, maxWaitMs: 3 });
  private readonly receipts = new MicroBatcher<ReceiptItem, ReceiptResult>((items) => this.receiptMany(items), { maxSize: 200, maxWaitMs: 5 });

  constructor(
    private readonly ds: DataSource,
    private readonly claimTimeoutMs: number,
    private readonly kick: () => void,
  ) {}

  /** The decision to send, written before the gateway is called (batched with other workers' decisions). */
  decisionBeforeSend(messageId: number, d: DecisionRow, at: Date): Promise<void> {
    return this.decisions.add({ messageId, d, at });
  }

  private async insertDecisions(items: Array<{ messageId: number; d: DecisionRow; at: Date }>): Promise<void[]> {
    await insertDecisionRows(this.ds, items);
    return items.map(() => undefined);
  }

  /** HELD until `until`; false when the message was no longer QUEUED or HELD. */
  async held(ref: MessageRef, d: DecisionRow, until: Date, at: Date): Promise<boolean> {
    return this.tx(async (tx) => {
      const r = await tx.query("UPDATE message SET status = 'HELD', hold_until = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status IN ('QUEUED', 'HELD')", [
        until,
        d.reason,
        at,
        ref.messageId,
      ]);
      if (affected(r) !== 1) return false;
      await insertDecisionRows(tx, [{ messageId: ref.messageId, d, at }]);
      await this.emit(tx, ref, (no) => [
        newDomainEvent('message.held', no, { ...base(ref), heldFor: d.reason ?? 'nightTimeNoConsent', holdUntil: until.toISOString() }, at, actorFor(ref.channel)),
      ]);
      return true;
    });
  }

  /** SUPPRESSED with the reason (for good: the reason is not transient). */
  async suppressed(ref: MessageRef, d: DecisionRow, at: Date, fromStatuses: string[] = ['QUEUED', 'HELD']): Promise<boolean> {
    return this.tx(async (tx) => {
      const r = await tx.query(`UPDATE message SET status = 'SUPPRESSED', status_reason = ?, hold_until = NULL, updated_at = ? WHERE id = ? AND status IN (?)`, [
        d.reason,
        at,
        ref.messageId,
        fromStatuses,
      ]);
      if (affected(r) !== 1) return false;
      await insertDecisionRows(tx, [{ messageId: ref.messageId, d, at }]);
      await this.emit(tx, ref, (no) => [newDomainEvent('message.suppressed', no, { ...base(ref), suppressedFor: d.reason ?? 'invalidInput' }, at, actorFor(ref.channel))]);
      return true;
    });
  }

  /** The gateway took it: SENT with its id (conditional on the claim), what was sent, the recommendation record, `message.sent`. */
  sent(ref: MessageRef, claim: Claim, accepted: SentItem['accepted'], details: SentItem['details'], at: Date): Promise<boolean> {
    return this.sentMarks.add({ ref, claim, accepted, details, at });
  }

  private async sentMany(items: SentItem[]): Promise<boolean[]> {
    return this.tx(async (tx) => {
      // One UPDATE for the batch (each row conditional on its own claim token), then one read of which took.
      const cases = (value: (it: SentItem) => unknown) => ({
        sql: `CASE id ${items.map(() => 'WHEN ? THEN ?').join(' ')} END`,
        args: items.flatMap((it) => [it.ref.messageId, value(it)]),
      });
      const columns: Array<[string, (it: SentItem) => unknown]> = [
        ['provider_message_id', (it) => it.accepted.providerMessageId],
        ['gateway_response', (it) => it.accepted.response.slice(0, 255)],
        ['template_revision_id', (it) => it.details.templateRevisionId],
        ['recipient_masked', (it) => it.details.recipientMasked],
        ['render_meta', (it) => (it.details.renderMeta ? JSON.stringify(it.details.renderMeta) : null)],
      ];
      const sets = columns.map(([column, value]) => ({ column, ...cases(value) }));
      await tx.query(
        `UPDATE message SET status = 'SENT', sent_at = NOW(3), updated_at = NOW(3), hold_until = NULL, ${sets.map((c) => `${c.column} = ${c.sql}`).join(', ')}
         WHERE status = 'SENDING' AND (id, claim_token) IN (${items.map(() => '(?, ?)').join(', ')})`,
        [...sets.flatMap((c) => c.args), ...items.flatMap((it) => [it.ref.messageId, it.claim.claimToken])],
      );
      const rows: Array<{ id: string; claim_token: string | null; status: string; provider_message_id: string | null }> = await tx.query(
        'SELECT id, claim_token, status, provider_message_id FROM message WHERE id IN (?)',
        [items.map((it) => it.ref.messageId)],
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const seen = new Set<number>();
      const ok = items.map((it) => {
        const r = byId.get(it.ref.messageId);
        const first = !seen.has(it.ref.messageId);
        seen.add(it.ref.messageId);
        return first && r !== undefined && r.status === 'SENT' && r.claim_token === it.claim.claimToken && r.provider_message_id === it.accepted.providerMessageId;
      });
      const done = items.filter((_, i) => ok[i]);
      const records = done.flatMap((it) =>
        it.details.recommendations.map((r) => [
          it.ref.messageId,
          it.ref.customerId,
          Number(r.productId),
          r.productType,
          r.riskGrade,
          r.suitabilityApplies ? 1 : 0,
          r.propensity,
          r.propensityAssessedAt === null ? null : new Date(r.propensityAssessedAt),
          r.ruleVersion,
          new Date(r.decidedAt),
          tenYears(new Date(r.decidedAt)),
        ]),
      );
      if (records.length > 0) {
        await tx.query(
          `INSERT IGNORE INTO recommendation_record (message_id, customer_id, product_id, product_type, risk_grade, suitability_applies, propensity,
             propensity_assessed_at, rule_version, decided_at, retain_until) VALUES ?`,
          [records],
        );
      }
      await appendToOutbox(
        tx,
        done
          .filter((it) => it.ref.customerNo)
          .map((it) =>
            newDomainEvent(
              'message.sent',
              it.ref.customerNo!,
              { ...base(it.ref), attempt: Math.max(1, it.claim.attempt), providerMessageId: it.accepted.providerMessageId.slice(0, 200) },
              it.at,
              actorFor(it.ref.channel),
            ),
          ),
      );
      return ok;
    });
  }

  /**
   * An attempt failed. With `retry`, the claim is given back (QUEUED, the reason kept) for a later attempt;
   * without, the message is FAILED with the reason. Either way `message.failed` says so (`willRetry`).
   */
  async attemptFailed(ref: MessageRef, claim: Claim, error: { kind: ErrorKind; code: string }, reason: string, retry: boolean, at: Date): Promise<boolean> {
    return this.tx(async (tx) => {
      const ledger = new DeliveryLedger(tx, { claimTimeoutMs: this.claimTimeoutMs });
      const ok = retry ? await ledger.unclaim(claim, reason.slice(0, 255)) : await ledger.fail(claim, reason.slice(0, 255));
      if (!ok) return false;
      await this.emit(tx, ref, (no) => [
        newDomainEvent(
          'message.failed',
          no,
          { ...base(ref), attempt: Math.max(1, claim.attempt), errorKind: error.kind, errorCode: codeOf(error.code), willRetry: retry },
          at,
          actorFor(ref.channel),
        ),
      ]);
      return true;
    });
  }

  /** A message that cannot be rendered (or sent at all) before any claim: FAILED from QUEUED/HELD. */
  async failedBeforeSend(ref: MessageRef, code: string, reason: string, at: Date): Promise<boolean> {
    return this.tx(async (tx) => {
      const r = await tx.query("UPDATE message SET status = 'FAILED', status_reason = ?, hold_until = NULL, updated_at = ? WHERE id = ? AND status IN ('QUEUED', 'HELD')", [
        reason.slice(0, 255),
        at,
        ref.messageId,
      ]);
      if (affected(r) !== 1) return false;
      await this.emit(tx, ref, (no) => [
        newDomainEvent('message.failed', no, { ...base(ref), attempt: 1, errorKind: 'user', errorCode: codeOf(code), willRetry: false }, at, actorFor(ref.channel)),
      ]);
      return true;
    });
  }

  /** A stale SENDING claim resolved as FAILED unknown-outcome by the ledger: its event. */
  async unknownOutcome(ref: MessageRef, attempt: number, at: Date): Promise<void> {
    await this.tx(async (tx) => {
      await this.emit(tx, ref, (no) => [
        newDomainEvent(
          'message.failed',
          no,
          { ...base(ref), attempt: Math.max(1, attempt), errorKind: 'operational', errorCode: 'unknownOutcome', willRetry: false },
          at,
          actorFor(ref.channel),
        ),
      ]);
    });
  }

  /** A delivery receipt: SENT → DELIVERED, or FAILED `undelivered: <stat>`; `unknown` when no message has that provider id (yet). */
  receipt(channel: SendChannel, providerMessageId: string, delivered: boolean, detail: string, at: Date): Promise<ReceiptResult> {
    return this.receipts.add({ channel, providerMessageId, delivered, detail, at });
  }

  private async receiptMany(items: ReceiptItem[]): Promise<ReceiptResult[]> {
    return this.tx(async (tx) => {
      const out: ReceiptResult[] = [];
      const events: DomainEvent[] = [];
      const delivered: Array<{ id: number; response: string; at: Date }> = [];
      const handled = new Set<number>();
      for (const channel of new Set(items.map((i) => i.channel))) {
        const mine = items.filter((i) => i.channel === channel);
        const rows: Array<{ id: string; provider_message_id: string; customer_id: number; status: string; customer_no: string | null }> = await tx.query(
          `SELECT m.id, m.provider_message_id, m.customer_id, m.status, c.customer_no FROM message m LEFT JOIN customer c ON c.id = m.customer_id
            WHERE m.channel = ? AND m.provider_message_id IN (?) FOR UPDATE`,
          [channel, mine.map((i) => i.providerMessageId)],
        );
        const byProvider = new Map(rows.map((r) => [r.provider_message_id, r]));
        for (const it of mine) {
          const row = byProvider.get(it.providerMessageId);
          if (!row) {
            out[items.indexOf(it)] = 'unknown';
            continue;
          }
          const id = Number(row.id);
          if (row.status !== 'SENT' || handled.has(id)) {
            out[items.indexOf(it)] = 'duplicate';
            continue;
          }
          handled.add(id);
          const ref: MessageRef = { messageId: id, customerId: Number(row.customer_id), customerNo: row.customer_no, channel };
          const response = `receipt ${it.detail}`.slice(0, 255);
          if (it.delivered) {
            delivered.push({ id, response, at: it.at });
            if (ref.customerNo) events.push(newDomainEvent('message.delivered', ref.customerNo, base(ref), it.at, actorFor(channel)));
          } else {
            await tx.query("UPDATE message SET status = 'FAILED', status_reason = ?, gateway_response = ?, updated_at = ? WHERE id = ?", [
              `undelivered: ${it.detail}`.slice(0, 255),
              response,
              it.at,
              id,
            ]);
            if (ref.customerNo) {
              events.push(
                newDomainEvent(
                  'message.failed',
                  ref.customerNo,
                  { ...base(ref), attempt: 1, errorKind: 'user', errorCode: 'undelivered', willRetry: false },
                  it.at,
                  actorFor(channel),
                ),
              );
            }
          }
          out[items.indexOf(it)] = 'applied';
        }
      }
      // Receipts say the same thing ("DELIVRD err:000"): one statement for all of them.
      if (delivered.length > 0) {
        const response = delivered.every((d) => d.response === delivered[0]!.response) ? delivered[0]!.response : 'receipt DELIVRD';
        await tx.query("UPDATE message SET status = 'DELIVERED', delivered_at = ?, gateway_response = ?, updated_at = ? WHERE id IN (?) AND status = 'SENT'", [
          delivered[0]!.at,
          response,
          delivered[0]!.at,
          delivered.map((d) => d.id),
        ]);
      }
      await appendToOutbox(tx, events);
      return out;
    });
  }

  private async tx<T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    let wrote = false;
    const out = await this.ds.transaction(async (tx) => {
      const r = await fn(tx);
      wrote = true;
      return r;
    });
    if (wrote) this.kick();
    return out;
  }

  /** A customer row that is gone has no customer number: its message's status changes, without an event. */
  private async emit(tx: EntityManager, ref: MessageRef, make: (customerNo: string) => DomainEvent[]): Promise<void> {
    if (!ref.customerNo) return;
    await appendToOutbox(tx, make(ref.customerNo));
  }
}

/** Decision rows in one statement (the batch of decisions to send, or one hold or suppression inside its transaction). */
function insertDecisionRows(q: DataSource | EntityManager, items: Array<{ messageId: number; d: DecisionRow; at: Date }>): Promise<unknown> {
  return q.query('INSERT INTO message_decision (message_id, decided_at, outcome, reason, hold_until, rule_version, checks, consents) VALUES ?', [
    items.map(({ messageId, d, at }) => [messageId, at, d.outcome, d.reason, d.holdUntil, d.ruleVersion, JSON.stringify(d.checks), JSON.stringify(d.consents ?? {})]),
  ]);
}

const base = (ref: MessageRef) => ({ messageId: ref.messageId, customerId: ref.customerId, channel: ref.channel });

/** Error codes as event codes (camelCase): `unknown-outcome` → `unknownOutcome`. */
function codeOf(code: string): string {
  const camel = code.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  const out = /^[a-z]/.test(camel) ? camel : `e${camel}`;
  return out.slice(0, 64) || 'unknown';
}
