/**
 * Makes AdminJS's server-rendered pages (layout and login templates of
 * adminjs 7.8, node_modules/adminjs/lib/frontend/*-template.js) work under a
 * Content-Security-Policy without 'unsafe-inline' for scripts.
 *
 * The templates have a few inline <script> blocks of their own; the first one
 * carries the page state as `window.REDUX_STATE = <JSON>` — data such as the
 * signed-in staff member's name, put there by JSON.stringify, which does not
 * escape `</script>`. So, in this order:
 * 1. every `<` inside that JSON becomes `\u003c` (same string for
 *    JavaScript, but no tag can start there, so stored text cannot close the
 *    script and open one of its own);
 * 2. then every remaining attribute-less `<script>` is the template's own,
 *    and gets the request's nonce.
 * If the markers are missing (another AdminJS version), the page is left
 * without nonces: the policy then blocks its scripts — fails closed, and
 * the browser tests notice.
 *
 * The templates also link Google Fonts; that link is dropped, so opening the
 * console makes no request to a third party (it falls back to system fonts).
 *
 * The page is also rendered in the request's language (cookie
 * `bank-crm.lang`, request-language.ts): the state's `locale.language` and
 * i18next's `lng` (AdminJS's frontend, utils/adminjs.i18n.js, passes the
 * locale's other keys to i18next) and `<html lang>` are set to it, so a
 * reload or a link opened in a new tab shows English from the first paint
 * when English was chosen — AdminJS itself always renders its default.
 * The bank's name in that language (messages.bankName, admin-app.ts) becomes
 * the page's title and the branding's company name.
 *
 * And zod (in the components bundle) probes for eval with a caught
 * `new Function("")` unless told it runs "jitless": the probe is harmless
 * but is refused and reported by the policy. Zod reads that setting from
 * globalThis.__zod_globalConfig, which a first inline script sets.
 */
import type { Language } from '../../engine/context/request-context.js';

const stateStart = 'window.REDUX_STATE = ';
const stateEnd = 'window.THEME = ';
const zodWithoutEval = '<head>\n      <script>window.__zod_globalConfig = Object.assign(window.__zod_globalConfig || {}, { jitless: true });</script>';
const googleFonts = /<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com\/[^"]*" type="text\/css">/g;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** True for a page rendered by AdminJS's layout or login template. */
export function isAdminJsPage(body: string): boolean {
  return body.trimStart().startsWith('<!DOCTYPE html>') && body.includes(stateStart);
}

/** The page state's text with the request's language set in it (unchanged when it is not the expected JSON). */
function stateInLanguage(stateText: string, language: Language): { text: string; bankName?: string } {
  const json = stateText.slice(stateStart.length).trim().replace(/;$/, '');
  try {
    const state = JSON.parse(json) as {
      locale?: { language?: string; lng?: string; availableLanguages?: string[]; translations?: Record<string, { messages?: Record<string, string> }> };
      branding?: { companyName?: string };
    };
    if (!state.locale || !(state.locale.availableLanguages ?? []).includes(language)) return { text: stateText };
    state.locale.language = language;
    state.locale.lng = language;
    const bankName = state.locale.translations?.[language]?.messages?.bankName;
    if (bankName && state.branding) state.branding.companyName = bankName;
    return { text: `${stateStart}${JSON.stringify(state)};\n        `, ...(bankName ? { bankName } : {}) };
  } catch {
    return { text: stateText };
  }
}

export function secureAdminJsPage(html: string, nonce: string, language: Language = 'ko'): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('a CSP nonce is base64');
  const start = html.indexOf(stateStart);
  const end = html.lastIndexOf(stateEnd);
  if (start < 0 || end < start) return html;
  const { text, bankName } = stateInLanguage(html.slice(start, end), language);
  const state = text.replace(/</g, '\\u003c');
  const page = html.slice(0, start) + state + html.slice(end);
  return page
    .replace(/<html lang=[^>]*>/, `<html lang="${language}">`)
    .replace(/<title>[^<]*<\/title>/, (title) => (bankName ? `<title>${escapeHtml(bankName)}</title>` : title))
    .replace('<head>', zodWithoutEval)
    .replace(googleFonts, '')
    .replace(/<script>/g, `<script nonce="${nonce}">`);
}
