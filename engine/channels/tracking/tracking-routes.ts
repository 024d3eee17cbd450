import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { DomainServices } from '../../../resources/domain-services.js';
import { Customer } from '../../../resources/customer/customer.entity.js';
import { runAsActor, type Actor } from '../../context/request-context.js';
import { appendToOutbox } from '../../outbox/append-to-outbox.js';
import { newDomainEvent } from '../../outbox/new-domain-event.js';
import { noOutboxKick, type OutboxKick } from '../../outbox/outbox-kick.js';
import type { DomainEventActor } from '../../definitions/domain-events/index.js';
import { createTrackingLinks, MAX_TOKEN_CHARS, type MessageRef, type TrackingChannel } from './tracking-links.js';

/**
 * The public routes of the signed links (tracking-links.ts): no session, no
 * body parser, no personal data in any answer. See README.md in this folder.
 *
 *   GET  /t/o/:token.gif  open pixel: a 1×1 GIF whatever the token; a valid one sets message.opened_at once
 *   GET  /t/c/:token      click: 302 to the signed URL, a message_click row; 400 page for a bad token
 *   GET  /u/:token        unsubscribe page with a button (a GET never unsubscribes: link scanners fetch GETs)
 *   POST /u/:token        unsubscribe now (the page's button, and RFC 8058 `List-Unsubscribe=One-Click`)
 */
export interface TrackingRoutesDeps {
  ds: DataSource;
  services: Pick<DomainServices, 'customers'>;
  /** The domain-event relay, kicked after opens and clicks committed their events (else the relay's sweep sends them). */
  outbox?: OutboxKick;
  publicUrl: string;
  /** config.channels.trackingSecret */
  secret: string;
  /** The sender printed on the unsubscribe page and the free 080 number offered when a link is broken (config.channels.bank). */
  bank?: { name: string; optOutNumber: string };
  /** The client address for the audit row of a withdrawal (admin/auth/client-ip.ts). */
  clientIp?: (req: Request) => string;
  logger?: { error(obj: object, msg: string): void };
}

/** Who withdraws consent through the link, as the audit log shows it. */
export const unsubscribeActorEmail = 'customer:unsubscribe-link';
/** The domain-event actor of opens, clicks and conversions. */
export const trackingEventActor: DomainEventActor = { kind: 'system', id: 'message-tracking' };
/** Click rows kept per message; a replayed link past this still redirects but is not stored again. */
export const maxClickRowsPerMessage = 200;

const tokenPath = new RegExp(`^/u/[A-Za-z0-9_-]{1,${MAX_TOKEN_CHARS}}$`);

/**
 * The Origin check's exemption (admin/http/origin-check.ts), for exactly one
 * route: POST /u/:token. RFC 8058 one-click unsubscribes are POSTed by the
 * mailbox provider's servers or by a webmail page on the provider's own
 * origin, so a foreign Origin is normal there. Nothing to defend: the route
 * reads no cookie and no session; its only credential is the signed token in
 * the URL, and whoever holds the token could POST it from anywhere anyway.
 * Every other state-changing request is checked as before.
 */
export function isUnsubscribePost(req: Request): boolean {
  return req.method === 'POST' && tokenPath.test(req.path);
}

/** The smallest transparent 1×1 GIF. */
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const consentOf = {
  sms: { flag: 'consentSms', at: 'consentSmsAt', column: 'consent_sms' },
  email: { flag: 'consentEmail', at: 'consentEmailAt', column: 'consent_email' },
  push: { flag: 'consentPush', at: 'consentPushAt', column: 'consent_push' },
} as const satisfies Record<TrackingChannel, { flag: keyof Customer; at: keyof Customer; column: string }>;
/** The channel in both languages, with the Korean object and topic particles it takes (을/를, 은/는). */
const channelNames: Record<TrackingChannel, { ko: string; koObject: string; koTopic: string; en: string }> = {
  sms: { ko: '문자메시지(SMS)', koObject: '문자메시지(SMS)를', koTopic: '문자메시지(SMS)는', en: 'text messages (SMS)' },
  email: { ko: '이메일', koObject: '이메일을', koTopic: '이메일은', en: 'e-mail' },
  push: { ko: '앱 푸시 알림', koObject: '앱 푸시 알림을', koTopic: '앱 푸시 알림은', en: 'app push notifications' },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, ko: string, en: string, form?: { ko: string; en: string }): string {
  const button = form
    ? `<form method="post" action=""><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${form.ko} / ${form.en}</button></form>`
    : '';
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1{font-size:1.3rem}.en{color:#555;border-top:1px solid #ddd;margin-top:1.5rem;padding-top:1rem}
button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1a4fa0;color:#fff;cursor:pointer}</style>
</head><body>
<main><div lang="ko">${ko}</div>${button}<div class="en" lang="en">${en}</div></main>
</body></html>`;
}

export function trackingRoutes(deps: TrackingRoutesDeps): Router {
  const { ds } = deps;
  const links = createTrackingLinks({ publicUrl: deps.publicUrl, secret: deps.secret });
  const outbox = deps.outbox ?? noOutboxKick;
  const bankName = escapeHtml(deps.bank?.name ?? '은행');
  const optOut = deps.bank ? escapeHtml(deps.bank.optOutNumber) : null;
  const kick = () => void Promise.resolve(outbox.kick()).catch(() => undefined);
  const report = (err: unknown, what: string) => deps.logger?.error({ err }, `message tracking: ${what} failed`);
  const router = Router();

  const badLink = (res: Response) =>
    res
      .status(400)
      .type('html')
      .send(
        page(
          '잘못된 링크 / Invalid link',
          `<h1>링크가 올바르지 않습니다</h1><p>주소가 잘렸거나 바뀌었습니다. 메시지에 있는 링크를 그대로 열어 주세요.${optOut ? ` 광고 수신을 거부하시려면 무료 수신거부 전화(${optOut})를 이용하실 수 있습니다.` : ''}</p>`,
          `<h1>This link is not valid</h1><p>The address was cut or changed. Please open the link exactly as it appears in the message.${optOut ? ` To stop advertising, you can also call ${optOut} free of charge.` : ''}</p>`,
        ),
      );

  router.get('/t/o/:token.gif', async (req, res) => {
    const ref = links.verifyToken(req.params.token!, 'o');
    if (ref) {
      try {
        if (await recordOpen(ref)) kick();
      } catch (err) {
        report(err, 'recording an open');
      }
    }
    // The same GIF for any token: no oracle for guessing, and a mail client never shows a broken image.
    res.setHeader('Cache-Control', 'no-store, max-age=0');
    // Webmail shows the pixel on its own origin: helmet's default same-origin would have the browser block it.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.status(200).type('image/gif').send(gif);
  });

  router.get('/t/c/:token', async (req, res) => {
    const click = links.verifyToken(req.params.token!, 'c');
    if (!click || click.purpose !== 'c') return void badLink(res);
    try {
      if (await recordClick(click, click.linkId)) kick();
    } catch (err) {
      report(err, 'recording a click');
    }
    // The target is the signed one, never a parameter of the request (no open redirect).
    res.redirect(302, click.url);
  });

  router.get('/u/:token', async (req, res, next) => {
    const ref = links.verifyToken(req.params.token!, 'u');
    if (!ref) return void badLink(res);
    try {
      const consent = await currentConsent(ref);
      const ch = channelNames[ref.channel];
      if (!consent) return void res.type('html').send(alreadyPage(ref.channel));
      res
        .type('html')
        .send(
          page(
            '광고 수신거부 / Unsubscribe',
            `<h1>광고성 정보 수신거부</h1><p>${bankName}에서 보내는 광고성 ${ch.ko} 수신을 중단합니다. 아래 버튼을 누르면 바로 처리되며 비용은 들지 않습니다. 거래와 관련된 안내(정보성 메시지)는 계속 받으실 수 있습니다.</p>`,
            `<h1>Stop advertising</h1><p>${bankName} will stop sending you advertising by ${ch.en}. Press the button to stop it at once, free of charge. Notices about your accounts and transactions are not affected.</p>`,
            { ko: '수신거부', en: 'Unsubscribe' },
          ),
        );
    } catch (err) {
      next(err);
    }
  });

  router.post('/u/:token', async (req, res) => {
    const ref = links.verifyToken(req.params.token!, 'u');
    if (!ref) return void badLink(res);
    try {
      const actor: Actor = { id: null, email: unsubscribeActorEmail, role: null, ip: deps.clientIp?.(req) ?? req.ip ?? null };
      const outcome = await runAsActor(actor, () => withdraw(ref));
      if (outcome === 'already') return void res.type('html').send(alreadyPage(ref.channel));
      const ch = channelNames[ref.channel];
      const when = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Seoul' }).format(new Date());
      res
        .type('html')
        .send(
          page(
            '수신거부 완료 / Unsubscribed',
            `<h1>수신거부가 완료되었습니다</h1><p>${escapeHtml(when)}부터 ${bankName}의 광고성 ${ch.koObject} 보내지 않습니다. 다시 받으시려면 영업점이나 고객센터에서 동의하실 수 있습니다.</p>`,
            `<h1>You are unsubscribed</h1><p>${bankName} no longer sends you advertising by ${ch.en}, as of now. You can agree to receive it again at a branch or the customer centre.</p>`,
          ),
        );
    } catch (err) {
      report(err, 'withdrawing consent');
      res
        .status(503)
        .type('html')
        .send(
          page(
            '잠시 후 다시 시도해 주세요 / Please try again',
            `<h1>지금은 처리할 수 없습니다</h1><p>잠시 후 다시 시도해 주세요.${optOut ? ` 무료 수신거부 전화(${optOut})로도 거부하실 수 있습니다.` : ''}</p>`,
            `<h1>This could not be done right now</h1><p>Please try again in a moment.${optOut ? ` You can also call ${optOut} free of charge.` : ''}</p>`,
          ),
        );
    }
  });

  const alreadyPage = (channel: TrackingChannel) =>
    page(
      '이미 수신거부됨 / Already unsubscribed',
      `<h1>이미 수신거부되어 있습니다</h1><p>${bankName}의 광고성 ${channelNames[channel].koTopic} 보내지 않습니다.</p>`,
      `<h1>You are already unsubscribed</h1><p>${bankName} does not send you advertising by ${channelNames[channel].en}.</p>`,
    );

  /** Sets opened_at the first time; true when this call did (and wrote message.opened). */
  async function recordOpen(ref: MessageRef, now = new Date()): Promise<boolean> {
    return ds.transaction(async (m) => {
      const updated = await m.query('UPDATE message SET opened_at = ? WHERE id = ? AND customer_id = ? AND channel = ? AND opened_at IS NULL', [
        now,
        ref.messageId,
        ref.customerId,
        ref.channel,
      ]);
      if (affected(updated) !== 1) return false;
      const customerNo = await customerNoOf(m, ref.customerId);
      if (!customerNo) return false;
      await appendToOutbox(m, [newDomainEvent('message.opened', customerNo, refPayload(ref), now, trackingEventActor)]);
      return true;
    });
  }

  /** Every click is a row (up to maxClickRowsPerMessage); message.clicked the first time per message and link. */
  async function recordClick(ref: MessageRef, linkId: string, now = new Date()): Promise<boolean> {
    return ds.transaction(async (m) => {
      // The message row's lock orders concurrent clicks, so "the first per link" is decided once.
      const [message] = (await m.query('SELECT id FROM message WHERE id = ? AND customer_id = ? AND channel = ? FOR UPDATE', [
        ref.messageId,
        ref.customerId,
        ref.channel,
      ])) as Array<{ id: string }>;
      if (!message) return false;
      const [counts] = (await m.query('SELECT COUNT(*) AS n, COALESCE(SUM(link_id = ?), 0) AS mine FROM message_click WHERE message_id = ?', [linkId, ref.messageId])) as Array<{
        n: string | number;
        mine: string | number;
      }>;
      if (Number(counts!.n) >= maxClickRowsPerMessage) return false;
      await m.query('INSERT INTO message_click (message_id, link_id, clicked_at) VALUES (?, ?, ?)', [ref.messageId, linkId, now]);
      await m.query('UPDATE message SET clicked_at = ? WHERE id = ? AND clicked_at IS NULL', [now, ref.messageId]);
      if (Number(counts!.mine) > 0) return false;
      const customerNo = await customerNoOf(m, ref.customerId);
      if (!customerNo) return false;
      await appendToOutbox(m, [newDomainEvent('message.clicked', customerNo, { ...refPayload(ref), linkId }, now, trackingEventActor)]);
      return true;
    });
  }

  async function currentConsent(ref: MessageRef): Promise<boolean> {
    const [row] = (await ds.query(`SELECT ${consentOf[ref.channel].column} AS consent FROM customer WHERE id = ?`, [ref.customerId])) as Array<{
      consent: number;
    }>;
    return Boolean(row?.consent);
  }

  /**
   * Withdraws the channel's marketing consent through the customer service
   * (audit row, customer.changed event, relay kick, as a banker's edit does).
   * Should the service refuse the edit (a legacy record its validation no
   * longer accepts, e.g. an old name format), the consent alone is written
   * directly, still audited and announced: an opt-out must never fail on
   * unrelated data (정보통신망법 제50조).
   */
  async function withdraw(ref: MessageRef, now = new Date()): Promise<'withdrawn' | 'already'> {
    if (!(await currentConsent(ref))) return 'already';
    const { flag, at } = consentOf[ref.channel];
    const result = await deps.services.customers.update(ref.customerId, { [flag]: false }, now);
    if (result.ok) return 'withdrawn';
    const done = await ds.transaction(async (m) => {
      const c = await m.findOne(Customer, { where: { id: ref.customerId }, lock: { mode: 'pessimistic_write' } });
      if (!c || !c[flag]) return false;
      c[flag] = false;
      c[at] = now;
      await m.save(c);
      await appendToOutbox(m, [newDomainEvent('customer.changed', c.customerNo, { customerId: c.id, change: 'updated', fields: [flag] }, now)]);
      return true;
    });
    if (done) await Promise.resolve(outbox.kick()).catch(() => undefined);
    return done ? 'withdrawn' : 'already';
  }

  return router;
}

function affected(result: unknown): number {
  return Number((result as { affectedRows?: number }).affectedRows ?? 0);
}

function refPayload(ref: MessageRef): MessageRef {
  return { messageId: ref.messageId, customerId: ref.customerId, channel: ref.channel };
}

async function customerNoOf(m: { query(sql: string, params?: unknown[]): Promise<unknown> }, customerId: number): Promise<string | null> {
  const [row] = (await m.query('SELECT customer_no FROM customer WHERE id = ?', [customerId])) as Array<{ customer_no: string }>;
  return row?.customer_no ?? null;
}
