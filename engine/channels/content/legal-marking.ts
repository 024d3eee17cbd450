/**
 * The marking Korean law requires on advertising messages (정보통신망법
 * 제50조 and its decree; see README.md), added by the platform to whatever
 * the author wrote, so that it cannot be forgotten. Informational messages
 * are never passed through here. Every function is pure and idempotent: text
 * that already starts with "(광고)" (or already ends with the opt-out line)
 * is not marked twice.
 */

export const adMark = '(광고)';

export interface LegalSender {
  /** The sender's name as customers know it (the bank). */
  name: string;
  contactNumber: string;
  /** The free (080) number that records an opt-out. */
  optOutNumber: string;
}

/** The default opt-out instruction of a push message; the app's own settings path belongs here. */
export const defaultPushOptOut = '수신거부: 설정 > 알림';

/** "(광고)" at the start, after blanks. */
export const startsWithAdMark = (text: string) => text.trimStart().startsWith(adMark);

/**
 * A disguised "(광고)" at the start, such as "(광 고)", "[광고]", "(광.고)" or
 * "(廣告)": the law's guidance forbids variants that slip past filters.
 * Returns what was found, or undefined.
 */
export function adMarkVariantAtStart(text: string): string | undefined {
  const t = text.trimStart();
  if (t.startsWith(adMark)) return undefined;
  const m = /^[([{<【〈《]\s*(?:광[\s.\-_·*/|]*고|廣[\s.\-_·*/|]*告)\s*[)\]}>】〉》]/u.exec(t);
  return m?.[0];
}

const withoutAdMark = (text: string) => (startsWithAdMark(text) ? text.trimStart().slice(adMark.length).trimStart() : text);

/** "(광고) " before a subject or title, once. */
export function markTitle(title: string): string {
  return `${adMark} ${withoutAdMark(title)}`;
}

export const smsOptOutLine = (optOutNumber: string) => `무료수신거부 ${optOutNumber}`;

/**
 * "(광고)" and the sender's name on the first line, the text, then the free
 * opt-out line last: "(광고)우리은행\n...\n무료수신거부 080-123-4567". An
 * author's own "(광고)" (and the sender's name right after it) is replaced,
 * not repeated; an opt-out line already last is kept as the last line.
 */
export function markSmsText(text: string, sender: LegalSender): string {
  let body = text.trim();
  if (startsWithAdMark(body)) {
    body = withoutAdMark(body);
    for (const name of [`[${sender.name}]`, sender.name]) {
      if (body.startsWith(name)) {
        body = body.slice(name.length).trimStart();
        break;
      }
    }
  }
  const optOut = smsOptOutLine(sender.optOutNumber);
  const lines = body.split('\n');
  if (lines[lines.length - 1]!.replace(/\s+/g, '') === optOut.replace(/\s+/g, '')) body = lines.slice(0, -1).join('\n').trimEnd();
  return [`${adMark}${sender.name}`, body, optOut].filter((part) => part !== '').join('\n');
}

/** Push: "(광고) " before the title, and how to turn such messages off as the body's last line. */
export function markPush(title: string, body: string, optOut = defaultPushOptOut): { title: string; body: string } {
  const trimmed = body.trim();
  const lines = trimmed.split('\n');
  return { title: markTitle(title), body: lines[lines.length - 1]!.trim() === optOut ? trimmed : `${trimmed}\n${optOut}` };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

export interface Unsubscribe {
  /** https address that unsubscribes on a POST (RFC 8058) and shows a page on a GET. */
  url: string;
  /** Optional mailto: address that unsubscribes too. */
  mailto?: string;
}

const footerMarker = 'data-legal-footer';

/** The advertising e-mail's footer in HTML: sender, contact, unsubscribe link (Korean, then English). */
export function emailFooterHtml(sender: LegalSender, unsubscribe: Unsubscribe): string {
  const name = escapeHtml(sender.name);
  const contact = escapeHtml(sender.contactNumber);
  const url = escapeHtml(unsubscribe.url);
  return [
    `<div ${footerMarker} style="margin-top:24px;font-size:12px;color:#666;line-height:1.6">`,
    `<p>보낸 곳: ${name} · 문의: ${contact}</p>`,
    `<p>더 이상 받지 않으시려면 <a href="${url}">수신거부</a>를 눌러 주세요. If you no longer wish to receive these e-mails, <a href="${url}">unsubscribe</a>.</p>`,
    `</div>`,
  ].join('');
}

export function emailFooterText(sender: LegalSender, unsubscribe: Unsubscribe): string {
  return [`보낸 곳: ${sender.name} · 문의: ${sender.contactNumber}`, `수신거부 (unsubscribe): ${unsubscribe.url}`].join('\n');
}

/** The footer before `</body>` when there is one, else at the end; once. */
export function markEmailHtml(html: string, sender: LegalSender, unsubscribe: Unsubscribe): string {
  if (html.includes(footerMarker)) return html;
  const footer = emailFooterHtml(sender, unsubscribe);
  const close = html.toLowerCase().lastIndexOf('</body>');
  return close === -1 ? `${html}${footer}` : `${html.slice(0, close)}${footer}${html.slice(close)}`;
}

export function markEmailText(text: string, sender: LegalSender, unsubscribe: Unsubscribe): string {
  const footer = emailFooterText(sender, unsubscribe);
  return text.trimEnd().endsWith(footer) ? text.trimEnd() : `${text.trimEnd()}\n\n${footer}`;
}

/**
 * List-Unsubscribe (RFC 2369) with the https address and, when given, the
 * mailto; List-Unsubscribe-Post (RFC 8058) makes the https one one-click.
 * The sender must DKIM-sign both headers for mailbox providers to honour it.
 */
export function listUnsubscribeHeaders(unsubscribe: Unsubscribe): Record<string, string> {
  const uris = [`<${unsubscribe.url}>`, ...(unsubscribe.mailto ? [`<${unsubscribe.mailto}>`] : [])];
  return { 'List-Unsubscribe': uris.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
