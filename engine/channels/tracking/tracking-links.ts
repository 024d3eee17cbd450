import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links put into rendered messages (pure, no I/O): the open pixel,
 * click redirects and the unsubscribe link. See README.md in this folder.
 *
 * A token is base64url(payload ‖ tag): the payload is a few bytes (version,
 * purpose, channel, message id and customer id as varints; for a click the
 * link number and the target URL), the tag the first 16 bytes (128 bits) of
 * HMAC-SHA256(secret, payload), compared in constant time. The purpose is
 * inside the signed bytes, so an open token cannot be used as an unsubscribe
 * token, nor a click token's URL changed (no open redirect).
 */

export const trackingChannels = ['sms', 'email', 'push'] as const;
export type TrackingChannel = (typeof trackingChannels)[number];

/** The `message` row a link belongs to. */
export interface MessageRef {
  messageId: number;
  customerId: number;
  channel: TrackingChannel;
}

/** o: open pixel, c: click redirect, u: unsubscribe. */
export type TrackingPurpose = 'o' | 'c' | 'u';

export type TrackingPayload =
  | (MessageRef & { purpose: 'o' | 'u' })
  | (MessageRef & {
      purpose: 'c';
      /** `l1`, `l2`, … in the order of the links in the message. */
      linkId: string;
      /** The signed target (http or https). */
      url: string;
    });

export interface TrackOptions {
  /** URLs left as they are (the unsubscribe link), compared exactly. */
  skip?: readonly string[];
}

export interface TrackingLinks {
  unsubscribeUrl(ref: MessageRef): string;
  openPixelUrl(ref: MessageRef): string;
  clickUrl(ref: MessageRef, linkNo: number, url: string): string;
  trackHtml(html: string, ref: MessageRef, options?: TrackOptions): string;
  trackText(text: string, ref: MessageRef, options?: TrackOptions): string;
  verifyToken(token: string, purpose?: TrackingPurpose): TrackingPayload | null;
}

const VERSION = 1;
const TAG_BYTES = 16;
/** Longer tokens are refused before any decoding (a click URL is at most 2,000 characters). */
export const MAX_TOKEN_CHARS = 3000;
const MAX_URL_CHARS = 2000;
const purposes: readonly TrackingPurpose[] = ['o', 'c', 'u'];
const tokenShape = /^[A-Za-z0-9_-]+$/;

function pushVarint(out: number[], n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative safe integer: ${n}`);
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Reads a LEB128 varint at `at`; null when truncated, longer than 8 bytes or beyond 2^53. */
function readVarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 8; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * scale;
    if (!Number.isSafeInteger(value)) return null;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
    scale *= 0x80;
  }
  return null;
}

function isHttpUrl(url: string): boolean {
  if (url.length > MAX_URL_CHARS || !/^https?:\/\//i.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

function checkRef(ref: MessageRef): void {
  for (const id of [ref.messageId, ref.customerId]) if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`not a positive id: ${id}`);
  if (!trackingChannels.includes(ref.channel)) throw new RangeError(`unknown channel: ${String(ref.channel)}`);
}

const htmlEntities: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

/** The attribute value as the browser reads it (the entities an escaped URL contains). */
export function decodeHtmlAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return htmlEntities[name.toLowerCase()] ?? whole;
  });
}

/** `<a …>` and `<area …>` start tags (quoted attribute values may hold `>`), and their href attribute. */
const linkTag = /<(?:a|area)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const hrefAttribute = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;
/** A bare URL in text: ASCII URL characters only, so Korean text right after it is not taken in. */
const textUrl = /\bhttps?:\/\/[A-Za-z0-9][A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]*/gi;

/** Punctuation that ends a sentence rather than the URL: trailing `.,;:!?` and unbalanced closing brackets. */
function trimUrlEnd(url: string): string {
  let u = url;
  for (;;) {
    const last = u.at(-1);
    if (last === undefined) return u;
    if ('.,;:!?*'.includes(last)) u = u.slice(0, -1);
    else if (last === ')' && count(u, ')') > count(u, '(')) u = u.slice(0, -1);
    else if (last === ']' && count(u, ']') > count(u, '[')) u = u.slice(0, -1);
    else return u;
  }
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

export function createTrackingLinks(options: { publicUrl: string; secret: string }): TrackingLinks {
  if (options.secret.length < 32) throw new RangeError('the tracking secret must have at least 32 characters');
  const base = options.publicUrl.replace(/\/+$/, '');
  const secret = options.secret;
  const ownPrefixes = [`${base}/t/`, `${base}/u/`];

  const tag = (payload: Buffer) => createHmac('sha256', secret).update(payload).digest().subarray(0, TAG_BYTES);

  function sign(purpose: TrackingPurpose, ref: MessageRef, click?: { linkNo: number; url: string }): string {
    checkRef(ref);
    const bytes: number[] = [(VERSION << 4) | (purposes.indexOf(purpose) << 2) | trackingChannels.indexOf(ref.channel)];
    pushVarint(bytes, ref.messageId);
    pushVarint(bytes, ref.customerId);
    let payload = Buffer.from(bytes);
    if (click) {
      const linkNo: number[] = [];
      pushVarint(linkNo, click.linkNo);
      payload = Buffer.concat([payload, Buffer.from(linkNo), Buffer.from(click.url, 'utf8')]);
    }
    return Buffer.concat([payload, tag(payload)]).toString('base64url');
  }

  function verifyToken(token: string, purpose?: TrackingPurpose): TrackingPayload | null {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !tokenShape.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    // One spelling per token: base64url decoding ignores stray trailing bits.
    if (raw.toString('base64url') !== token || raw.length < 3 + TAG_BYTES) return null;
    const payload = raw.subarray(0, raw.length - TAG_BYTES);
    if (!timingSafeEqual(raw.subarray(raw.length - TAG_BYTES), tag(payload))) return null;
    const head = payload[0]!;
    const p = purposes[(head >> 2) & 0x03];
    const channel = trackingChannels[head & 0x03];
    if (head >> 4 !== VERSION || !p || !channel || (purpose && p !== purpose)) return null;
    const message = readVarint(payload, 1);
    const customer = message && readVarint(payload, message.next);
    if (!message || !customer || message.value <= 0 || customer.value <= 0) return null;
    const ref: MessageRef = { messageId: message.value, customerId: customer.value, channel };
    if (p !== 'c') return customer.next === payload.length ? { purpose: p, ...ref } : null;
    const link = readVarint(payload, customer.next);
    if (!link || link.value <= 0) return null;
    const url = payload.subarray(link.next).toString('utf8');
    return isHttpUrl(url) ? { purpose: 'c', ...ref, linkId: `l${link.value}`, url } : null;
  }

  const openPixelUrl = (ref: MessageRef) => `${base}/t/o/${sign('o', ref)}.gif`;
  const clickUrl = (ref: MessageRef, linkNo: number, url: string) => {
    if (!isHttpUrl(url)) throw new RangeError('only http and https URLs of at most 2,000 characters are tracked');
    return `${base}/t/c/${sign('c', ref, { linkNo, url })}`;
  };
  const leaveAlone = (url: string, skip: readonly string[]) => skip.includes(url) || ownPrefixes.some((p) => url.startsWith(p)) || !isHttpUrl(url);

  return {
    unsubscribeUrl: (ref) => `${base}/u/${sign('u', ref)}`,
    openPixelUrl,
    clickUrl,

    trackHtml(html, ref, opts = {}) {
      checkRef(ref);
      const skip = opts.skip ?? [];
      let linkNo = 0;
      const tracked = html.replace(linkTag, (tagText) =>
        tagText.replace(hrefAttribute, (whole, lead: string, dq: string | undefined, sq: string | undefined) => {
          const written = (dq ?? sq ?? '').trim();
          const url = decodeHtmlAttribute(written);
          if (!/^https?:\/\//i.test(url) || skip.includes(written) || leaveAlone(url, skip)) return whole;
          // A token is base64url: nothing in the new value needs escaping.
          return `${lead}"${clickUrl(ref, ++linkNo, url)}"`;
        }),
      );
      const pixel = `<img src="${openPixelUrl(ref)}" width="1" height="1" alt="" style="display:none">`;
      const bodyEnd = tracked.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
      return bodyEnd === -1 ? `${tracked}${pixel}` : `${tracked.slice(0, bodyEnd)}${pixel}${tracked.slice(bodyEnd)}`;
    },

    trackText(text, ref, opts = {}) {
      checkRef(ref);
      const skip = opts.skip ?? [];
      let linkNo = 0;
      return text.replace(textUrl, (found) => {
        const url = trimUrlEnd(found);
        const rest = found.slice(url.length);
        if (leaveAlone(url, skip)) return found;
        return `${clickUrl(ref, ++linkNo, url)}${rest}`;
      });
    },

    verifyToken,
  };
}
