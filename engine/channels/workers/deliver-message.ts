import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { ChannelsConfig } from '../../config/channels.config.js';
import type { Logger } from '../../observability/logger.js';
import type { PiiCipher } from '../../crypto/pii-cipher.js';
import type { TemplateForSend } from '../../../resources/template/template.service.js';
import { toTaxonomyError } from '../../errors/classify-error.js';
import { retryDelayMs } from '../../errors/retry-delay.js';
import { decideSend, type SendDecision, type SendDecisionInput } from '../policy/decide-send.js';
import { defaultSendPolicy, type SendChannel, type SendPolicyConfig } from '../policy/send-policy.config.js';
import { suitabilityTypes } from '../../recommendation/suitability.js';
import { renderTemplate } from '../content/render-template.js';
import { classifySms } from '../content/sms-length.js';
import { ambiguousPolicy, DeliveryLedger, unknownOutcomeReason, type Claim, type ClaimResult } from '../delivery/delivery-ledger.js';
import { FrequencyCapCounter, type CapTake } from '../delivery/frequency-cap-counter.js';
import { ChannelRateLimiter } from '../delivery/channel-rate-limiter.js';
import { GatewayBreaker, GatewayCircuitOpenError } from '../delivery/gateway-breaker.js';
import { loadSendFactsMany, type SendFacts } from './send-facts.js';
import { MicroBatcher } from '../delivery/micro-batcher.js';
import { OfferCatalogue, type OfferedProduct } from './offer-catalogue.js';
import { MessageRecords, type DecisionRow, type MessageRef } from './message-records.js';
import { outcomeUnknownCode, type GatewayAccepted, type GatewayClient, type OutgoingEmail, type OutgoingPush, type OutgoingSms } from './gateways/gateway.types.js';

/** Links the platform puts into messages (engine/channels/tracking): the unsubscribe link and tracked clicks/opens. */
export interface LinkRef {
  messageId: number;
  customerId: number;
  channel: SendChannel;
}
export interface MessageLinks {
  unsubscribeUrl(ref: LinkRef): string;
  trackHtml(html: string, ref: LinkRef, options: { skip: string[] }): string;
  trackText(text: string, ref: LinkRef, options: { skip: string[] }): string;
}

export interface ChannelGateways {
  sms: GatewayClient<OutgoingSms> | null;
  email: GatewayClient<OutgoingEmail> | null;
  push: GatewayClient<OutgoingPush> | null;
}

export interface DelivererDeps {
  ds: DataSource;
  redis: Redis;
  /** The environment's Redis key prefix (caps and rate limits are shared by every worker process). */
  keyPrefix: string;
  cipher: PiiCipher;
  templates: { templateForSend(id: number, now: Date): Promise<TemplateForSend> };
  links: MessageLinks;
  gateways: ChannelGateways;
  config: ChannelsConfig;
  logger: Logger;
  kickOutbox: () => void;
  now?: () => Date;
  /** A claim older than this without a gateway id is ambiguous (must exceed the gateway timeout). Default 60 s. */
  claimTimeoutMs?: number;
  /** First retry delay after an operational failure (doubling, with jitter). Default 1 s. */
  retryInitialMs?: number;
  breaker?: { failureThreshold?: number; resetTimeoutMs?: number; windowMs?: number; callTimeoutMs?: number };
}

export type DeliveryOutcome =
  | { kind: 'sent'; providerMessageId: string }
  | { kind: 'held'; until: Date }
  | { kind: 'suppressed'; reason: string }
  | { kind: 'failed'; reason: string }
  /** Try again at `at` (wall-clock epoch ms): an operational failure with attempts left, an open circuit, another worker's claim. */
  | { kind: 'retry'; at: number; reason: string }
  | { kind: 'skipped'; why: 'missing' | 'finished' | 'noGateway' | 'claimLost' };

const finished = new Set(['SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED']);

/**
 * One message, from its row to the gateway and back (README.md in this folder):
 * facts → template → recommendations → decideSend (stored) → address → render
 * → tracked links → frequency cap (atomic) → rate limit → ledger claim →
 * circuit breaker → gateway → SENT with the gateway's id and `message.sent`.
 * Every channel worker calls `deliver(messageId)`; the Bull wiring
 * (channel-workers.ts) turns the outcome into a delayed job when needed.
 */
export class MessageDeliverer {
  readonly ledger: DeliveryLedger;
  readonly records: MessageRecords;
  readonly offers: OfferCatalogue;
  readonly breakers: Record<SendChannel, GatewayBreaker<[unknown], GatewayAccepted>>;
  private readonly caps: FrequencyCapCounter;
  private readonly limiters: Record<SendChannel, ChannelRateLimiter>;
  private readonly policy: SendPolicyConfig;
  private readonly now: () => Date;
  private readonly templateCache = new Map<number, { at: number; value: Promise<TemplateForSend> }>();
  /** Messages handled at the same moment share their look-up and their claim (one statement each for the batch). */
  private readonly facts: MicroBatcher<number, SendFacts | null>;
  private readonly claims: MicroBatcher<number, ClaimResult>;

  constructor(private readonly deps: DelivererDeps) {
    const claimTimeoutMs = deps.claimTimeoutMs ?? 60_000;
    this.now = deps.now ?? (() => new Date());
    this.ledger = new DeliveryLedger(deps.ds, { claimTimeoutMs });
    this.records = new MessageRecords(deps.ds, claimTimeoutMs, deps.kickOutbox);
    this.facts = new MicroBatcher(
      async (ids) => {
        const found = await loadSendFactsMany(deps.ds, ids);
        return ids.map((id) => found.get(id) ?? null);
      },
      { maxSize: 100, maxWaitMs: 2 },
    );
    this.claims = new MicroBatcher((ids) => this.ledger.claimMany(ids), { maxSize: 100, maxWaitMs: 2 });
    this.offers = new OfferCatalogue(deps.ds, (code) => deps.config.productUrl.replace('{code}', encodeURIComponent(code)));
    this.caps = new FrequencyCapCounter(deps.redis, { keyPrefix: `${deps.keyPrefix}:` });
    const rate = deps.config.ratePerSecond;
    this.limiters = {
      sms: new ChannelRateLimiter(deps.redis, { key: `${deps.keyPrefix}:rate:sms`, limit: rate.sms }),
      email: new ChannelRateLimiter(deps.redis, { key: `${deps.keyPrefix}:rate:email`, limit: rate.email }),
      push: new ChannelRateLimiter(deps.redis, { key: `${deps.keyPrefix}:rate:push`, limit: rate.push }),
    };
    const breaker = (channel: SendChannel, gateway: string) =>
      new GatewayBreaker((m: unknown) => this.callGateway(channel, m), { gateway, failureThreshold: 5, windowMs: 10_000, resetTimeoutMs: 30_000, ...deps.breaker });
    this.breakers = { sms: breaker('sms', 'smsc'), email: breaker('email', 'smtp'), push: breaker('push', 'push') };
    this.policy = {
      ...defaultSendPolicy,
      frequencyCaps: deps.config.frequencyCaps,
      suitabilityValidityDays: deps.config.suitabilityValidityDays,
    };
  }

  async deliver(messageId: number): Promise<DeliveryOutcome> {
    const facts = await this.facts.add(messageId);
    if (!facts) return { kind: 'skipped', why: 'missing' };
    const m = facts.message;
    const ref: MessageRef = { messageId: m.id, customerId: m.customerId, customerNo: facts.customer?.customerNo ?? null, channel: m.channel };
    const now = this.now();
    if (finished.has(m.status)) return { kind: 'skipped', why: 'finished' };
    if (m.status === 'SENDING') {
      const settled = await this.settleStaleClaim(ref);
      if (settled) return settled;
    }
    if (m.status === 'HELD' && m.holdUntil && m.holdUntil.getTime() > now.getTime()) return { kind: 'held', until: m.holdUntil };
    if (!this.deps.gateways[m.channel]) return { kind: 'skipped', why: 'noGateway' };
    const breaker = this.breakers[m.channel];
    if (breaker.state === 'open') return { kind: 'retry', at: breaker.retryAt ?? Date.now() + 1000, reason: 'gatewayCircuitOpen' };

    const c = facts.customer;
    if (!c) return this.suppress(ref, { outcome: 'suppress', reason: 'noRecipient', holdUntil: null, ruleVersion: this.policy.ruleVersion, checks: [], consents: null }, now);
    const consents = { sms: c.consentSms, email: c.consentEmail, push: c.consentPush, night: c.consentNight };

    const template = await this.templateFor(m.templateId, now);
    const definition = template.status === 'valid' ? template.template.definition : null;
    const recommendations = definition?.usesRecommendations ? await this.offers.recommendFor(m.customerId, c.propensity) : [];
    const product = definition?.productId ? await this.offers.product(definition.productId) : null;
    const kind = template.status === 'valid' ? (template.template.kind as 'advertising' | 'informational') : 'advertising';
    const decisionProduct = productForDecision(product, recommendations);
    const frequency = kind === 'advertising' ? await this.caps.peek(m.customerId, m.channel, now.getTime()) : { dayCount: 0, weekCount: 0 };
    const input: SendDecisionInput = {
      channel: m.channel,
      customer: {
        status: c.status,
        consentSms: c.consentSms,
        consentEmail: c.consentEmail,
        consentPush: c.consentPush,
        consentNight: c.consentNight,
        propensity: c.propensity,
        propensityAssessedAt: c.propensityAssessedAt ? c.propensityAssessedAt.getTime() : null,
      },
      template: { kind, review: reviewOf(template), recommendationSlot: Boolean(definition?.usesRecommendations) },
      alreadyDelivered: false,
      frequency: { sentToday: frequency.dayCount, sentThisWeek: frequency.weekCount },
      ...(decisionProduct ? { product: decisionProduct } : {}),
      recommendationListEmpty: Boolean(definition?.usesRecommendations) && recommendations.length === 0,
      policy: this.policy,
    };
    const decision = decideSend(input, now.getTime());
    const row = (d: SendDecision): DecisionRow => ({
      outcome: d.kind,
      reason: d.kind === 'send' ? null : d.reason,
      holdUntil: d.kind === 'hold' ? new Date(d.until) : null,
      ruleVersion: this.policy.ruleVersion,
      checks: d.checks,
      consents,
    });
    if (decision.kind === 'hold') {
      const until = new Date(decision.until);
      return (await this.records.held(ref, row(decision), until, now)) ? { kind: 'held', until } : { kind: 'skipped', why: 'claimLost' };
    }
    if (decision.kind === 'suppress') return this.suppress(ref, row(decision), now);

    // The law allows it. Can it reach the customer, and what exactly goes out?
    const address = this.addressOf(m.channel, c);
    if (!address) {
      const d = row(decision);
      return this.suppress(ref, { ...d, outcome: 'suppress', reason: 'noRecipient', checks: [...d.checks, { rule: 'recipient', ok: false, reason: 'noRecipient' }] }, now);
    }
    const presented = product ? [product] : recommendations;
    const built = this.build(facts, ref, definition!, presented, address.value);
    if (built.kind === 'suppressed') return this.suppress(ref, { ...row(decision), outcome: 'suppress', reason: built.reason }, now);
    if (built.kind === 'failed') {
      await this.records.failedBeforeSend(ref, 'renderFailed', `renderFailed: ${built.codes.join(', ')}`, now);
      return { kind: 'failed', reason: 'renderFailed' };
    }

    let taken: CapTake | null = null;
    if (kind === 'advertising') {
      const caps = this.policy.frequencyCaps[m.channel];
      taken = await this.caps.take(m.customerId, m.channel, { day: caps.perDay, week: caps.perWeek }, now.getTime());
      if (!taken.passed) {
        // Another journey took the last slot since the peek: the decision is taken again on the real counts.
        const again = decideSend({ ...input, frequency: { sentToday: taken.dayCount, sentThisWeek: taken.weekCount } }, now.getTime());
        return this.suppress(ref, row(again.kind === 'suppress' ? again : { kind: 'suppress', reason: taken.reason ?? 'frequencyCapDay', checks: again.checks }), now);
      }
    }
    await this.limiters[m.channel].acquire();
    const claimed = await this.claims.add(m.id);
    if (claimed.kind !== 'claimed') {
      if (taken) await this.caps.release(taken);
      if (claimed.kind === 'inProgress') return { kind: 'retry', at: Date.now() + Math.max(claimed.retryAfterMs, 100), reason: 'inProgress' };
      return { kind: 'skipped', why: claimed.kind === 'alreadySent' || claimed.kind === 'finished' ? 'finished' : 'claimLost' };
    }
    const claim: Claim = claimed;
    await this.records.decisionBeforeSend(m.id, row(decision), now);

    let accepted: GatewayAccepted;
    try {
      accepted = await breaker.fire(built.outgoing);
    } catch (err) {
      return this.attemptFailed(ref, claim, err, taken);
    }
    const recorded = await this.records.sent(
      ref,
      claim,
      accepted,
      {
        templateRevisionId: template.status === 'valid' ? template.template.id : null,
        recipientMasked: address.masked,
        renderMeta: built.meta,
        recommendations: decision.recommendationRecord ? recordsFor(decision.recommendationRecord, presented) : [],
      },
      this.now(),
    );
    if (!recorded) this.deps.logger.warn({ messageId: m.id }, 'a message was sent but its claim had been taken over; the SENT mark was not written');
    return { kind: 'sent', providerMessageId: accepted.providerMessageId };
  }

  /** A SENDING row met again: another worker's live claim, or an ambiguous one to resolve by the channel's policy. */
  private async settleStaleClaim(ref: MessageRef): Promise<DeliveryOutcome | null> {
    const d = await this.ledger.describe(ref.messageId);
    if (d.kind === 'inProgress') return { kind: 'retry', at: Date.now() + Math.max(d.retryAfterMs, 100), reason: 'inProgress' };
    if (d.kind !== 'ambiguous') return { kind: 'skipped', why: d.kind === 'missing' ? 'missing' : 'finished' };
    const r = await this.ledger.resolveAmbiguous(ref.messageId, d.staleToken, ambiguousPolicy[ref.channel]);
    if (r === 'lost') return { kind: 'skipped', why: 'claimLost' };
    if (r === 'failed') {
      await this.records.unknownOutcome(ref, d.attempt, this.now());
      return { kind: 'failed', reason: unknownOutcomeReason };
    }
    // Resubmit (e-mail): give the new claim back and go through the whole path again, with the same Message-ID.
    await this.ledger.unclaim(r, 'resubmitAfterCrash');
    return null;
  }

  private async attemptFailed(ref: MessageRef, claim: Claim, err: unknown, taken: CapTake | null): Promise<DeliveryOutcome> {
    const e = toTaxonomyError(err);
    const now = this.now();
    if (e.code === outcomeUnknownCode) {
      // The gateway may have it: never released, never simply retried (the channel's ambiguous-outcome policy).
      if (ambiguousPolicy[ref.channel] === 'failUnknownOutcome') {
        await this.records.attemptFailed(ref, claim, e, unknownOutcomeReason, false, now);
        return { kind: 'failed', reason: unknownOutcomeReason };
      }
      await this.records.attemptFailed(ref, claim, e, e.code, true, now);
      return { kind: 'retry', at: Date.now() + this.backoff(claim.attempt), reason: e.code };
    }
    if (taken) await this.caps.release(taken);
    if (e instanceof GatewayCircuitOpenError) {
      await this.records.attemptFailed(ref, claim, e, e.code, true, now);
      return { kind: 'retry', at: e.retryAt, reason: e.code };
    }
    if (e.kind === 'operational' && claim.attempt < this.deps.config.attempts) {
      await this.records.attemptFailed(ref, claim, e, e.code, true, now);
      // Retries are scheduled on the wall clock (Bull's delay), whatever clock the decisions use.
      return { kind: 'retry', at: Date.now() + this.backoff(claim.attempt), reason: e.code };
    }
    const reason = e.kind === 'operational' ? `attemptsExhausted: ${e.code}` : `${e.code}: ${e.message}`;
    await this.records.attemptFailed(ref, claim, e, reason, false, now);
    if (e.kind === 'fatal') this.deps.logger.error({ err: e.cause ?? e, messageId: ref.messageId }, 'a channel worker hit a bug; the message is failed');
    return { kind: 'failed', reason };
  }

  private backoff(attempt: number): number {
    const initialMs = this.deps.retryInitialMs ?? 1000;
    return retryDelayMs(Math.max(1, attempt), { initialMs, maxMs: initialMs * 60, random: Math.random });
  }

  private async suppress(ref: MessageRef, d: DecisionRow, now: Date): Promise<DeliveryOutcome> {
    const ok = await this.records.suppressed(ref, d, now);
    return ok ? { kind: 'suppressed', reason: d.reason ?? 'invalidInput' } : { kind: 'skipped', why: 'claimLost' };
  }

  private addressOf(channel: SendChannel, c: NonNullable<SendFacts['customer']>): { value: string; masked: string | null } | null {
    if (channel === 'sms') return c.mobileEnc ? { value: this.deps.cipher.decrypt(c.mobileEnc), masked: c.mobileMasked } : null;
    if (channel === 'email') return c.emailEnc ? { value: this.deps.cipher.decrypt(c.emailEnc), masked: c.emailMasked } : null;
    return c.deviceToken ? { value: c.deviceToken, masked: `${c.deviceToken.slice(0, 6)}…` } : null;
  }

  /** Renders the message for this customer with the platform's links, as the gateway will get it. */
  private build(
    facts: SendFacts,
    ref: MessageRef,
    definition: NonNullable<Extract<TemplateForSend, { status: 'valid' }>['template']['definition']>,
    presented: OfferedProduct[],
    address: string,
  ):
    | { kind: 'ready'; outgoing: OutgoingSms | OutgoingEmail | OutgoingPush; meta: Record<string, unknown> }
    | { kind: 'suppressed'; reason: string }
    | { kind: 'failed'; codes: string[] } {
    const cfg = this.deps.config;
    const linkRef = { messageId: ref.messageId, customerId: ref.customerId, channel: ref.channel };
    const unsubscribeUrl = ref.channel === 'email' ? this.deps.links.unsubscribeUrl(linkRef) : undefined;
    const context = {
      customer: { name: facts.customer!.name },
      bank: cfg.bank,
      recommendations: definition.usesRecommendations ? presented.map((p) => this.offers.templateItem(p)) : [],
      message: unsubscribeUrl ? { unsubscribeUrl } : {},
    };
    const limits = { smsBytes: cfg.smsLimits.smsBytes, lmsBytes: cfg.smsLimits.lmsBytes };
    const r = renderTemplate(definition, context, { smsLimits: limits, ...(cfg.pushOptOut ? { pushOptOut: cfg.pushOptOut } : {}) });
    if (r.status === 'suppressed') return { kind: 'suppressed', reason: r.suppressed };
    if (r.status === 'failed') return { kind: 'failed', codes: r.problems.map((p) => p.code) };
    const msg = r.message;
    const skip = unsubscribeUrl ? [unsubscribeUrl] : [];
    switch (msg.channel) {
      case 'sms': {
        const text = this.deps.links.trackText(msg.text, linkRef, { skip });
        const sms = classifySms(text, limits, { hasSubject: msg.subject !== undefined });
        if (sms.overLimit) return { kind: 'failed', codes: ['smsTooLong'] };
        return {
          kind: 'ready',
          outgoing: { messageId: ref.messageId, to: address, text, ...(msg.subject ? { subject: msg.subject } : {}), type: sms.type, encoding: sms.encoding },
          meta: { type: sms.type, bytes: sms.bytes, encoding: sms.encoding },
        };
      }
      case 'email': {
        const html = this.deps.links.trackHtml(msg.html, linkRef, { skip });
        const text = this.deps.links.trackText(msg.text, linkRef, { skip });
        return {
          kind: 'ready',
          outgoing: {
            messageId: ref.messageId,
            rfcMessageId: rfcMessageId(ref.messageId, facts.message.idempotencyKey, cfg.smtpFrom),
            to: address,
            subject: msg.subject,
            html,
            text,
            headers: msg.headers,
          },
          meta: { subjectLength: msg.subject.length, listUnsubscribe: Boolean(msg.headers['List-Unsubscribe']) },
        };
      }
      case 'push':
        return {
          kind: 'ready',
          outgoing: {
            messageId: ref.messageId,
            token: address,
            title: msg.title,
            body: msg.body,
            ...(msg.deepLink ? { deepLink: msg.deepLink } : {}),
            ...(msg.imageUrl ? { imageUrl: msg.imageUrl } : {}),
          },
          meta: { titleLength: msg.title.length },
        };
    }
  }

  private callGateway(channel: SendChannel, message: unknown): Promise<GatewayAccepted> {
    const gateway = this.deps.gateways[channel] as GatewayClient<unknown> | null;
    if (!gateway) throw new Error(`no ${channel} gateway`);
    return gateway.send(message);
  }

  /** The approved revision for a template id, cached a second (a campaign sends one template thousands of times). */
  private templateFor(id: number, now: Date): Promise<TemplateForSend> {
    const hit = this.templateCache.get(id);
    if (hit && now.getTime() - hit.at < 1000 && now.getTime() >= hit.at) return hit.value;
    const value = this.deps.templates.templateForSend(id, now);
    this.templateCache.set(id, { at: now.getTime(), value });
    value.catch(() => this.templateCache.delete(id));
    return value;
  }

  shutdown(): void {
    for (const b of Object.values(this.breakers)) b.shutdown();
  }
}

function reviewOf(t: TemplateForSend): SendDecisionInput['template']['review'] {
  if (!('review' in t)) return { status: 'NONE', reviewNumber: null, validFrom: null, validUntil: null };
  return {
    status: 'APPROVED',
    reviewNumber: t.review.reviewNumber,
    validFrom: t.review.validFrom ? t.review.validFrom.getTime() : null,
    validUntil: t.review.validUntil ? t.review.validUntil.getTime() : null,
  };
}

/** The product the decision checks: the one the template names, else the riskiest recommended (if it suits, all do). */
function productForDecision(product: OfferedProduct | null, recommended: OfferedProduct[]): SendDecisionInput['product'] | undefined {
  const p = product ?? [...recommended].sort((a, b) => Number(suitabilityTypes.has(b.type)) - Number(suitabilityTypes.has(a.type)) || a.riskGrade - b.riskGrade)[0];
  return p ? { id: p.id, type: p.type, riskGrade: p.riskGrade, onSale: p.onSale } : undefined;
}

/** One record per product presented, on the decision's profile and rules. */
function recordsFor(record: NonNullable<Extract<SendDecision, { kind: 'send' }>['recommendationRecord']>, presented: OfferedProduct[]) {
  return presented.map((p) => ({ ...record, productId: p.id, productType: p.type, riskGrade: p.riskGrade, suitabilityApplies: suitabilityTypes.has(p.type) }));
}

/** `<m123.9f2c…@bank.example>`: the same for every attempt of one message. */
export function rfcMessageId(messageId: number, idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'bank.example';
  let h = 0x811c9dc5;
  for (let i = 0; i < idempotencyKey.length; i++) h = Math.imul(h ^ idempotencyKey.charCodeAt(i), 0x01000193) >>> 0;
  return `<m${messageId}.${h.toString(16)}@${domain}>`;
}
