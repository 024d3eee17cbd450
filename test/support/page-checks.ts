import type { BrowserContext, Page } from 'playwright-core';

/**
 * Checks a console page beyond its own test's assertions:
 * - closed network: every request a context makes goes to the console's
 *   own host (no fonts, scripts, images or beacons from anywhere else);
 * - one language: in English no Hangul in the page's visible text, in
 *   Korean no English words in it — data excepted.
 *
 * What counts as data (may be in any language; see dataSelector):
 * - cells of list tables (`tbody td`) and property values on show pages
 *   (`[data-testid^="property-show-"]`, but their labels are checked);
 * - what is typed into or chosen in a form (input/textarea values,
 *   react-select's chosen values inside `[data-testid^="property-edit-"]`);
 * - any element marked `data-value` (components mark names, titles, codes,
 *   e-mail addresses and other stored values with it), `code` and `pre`;
 * - an element whose `lang` differs from the page's (e.g. a language's own
 *   name in the language selector should carry lang, and then is skipped).
 */

/** Records every http(s) request of the context to a host other than `origin`'s. */
export function recordForeignRequests(context: BrowserContext, origin: string): string[] {
  const own = new URL(origin).host;
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!/^https?:/i.test(url)) return;
    if (new URL(url).host !== own) foreign.push(`${request.frame().url()} -> ${url}`);
  });
  return foreign;
}

export const dataSelector = [
  'tbody td',
  '[data-testid^="property-show-"] > *:not(label)',
  '[data-testid^="property-show-"] > * > *:not(label)',
  '[data-testid^="property-edit-"] [class*="singleValue"]',
  '[data-testid^="property-edit-"] [class*="multiValue"]',
  '[data-value]',
  'code',
  'pre',
  'script',
  'style',
  'noscript',
  'textarea',
  'option',
].join(', ');

/** Language names shown by the top bar's language selector, each in its own language. */
const languageNames = ['한국어', 'English', 'Korean (한국어)'];

/**
 * Words allowed in Korean texts besides codes and abbreviations in capitals
 * (ID, SMS, LMS, KRW, URL…), words with digits, e-mail addresses, web
 * addresses and file names, which englishWords never counts.
 */
export const koreanAllowedWords = new Set(['bp']); // basis points, the unit of stored rates

/** The visible texts of the page that are not data, one per text node. */
export async function visibleUiTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ dataSelector, languageNames }) => {
      const out: string[] = [];
      const pageLang = document.documentElement.lang;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (!text || languageNames.includes(text)) continue;
        const el = node.parentElement;
        if (!el || el.closest(dataSelector)) continue;
        const langEl = el.closest('[lang]');
        if (langEl && langEl !== document.documentElement && langEl.getAttribute('lang') !== pageLang) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width <= 1 || rect.height <= 1) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue;
        if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        out.push(text);
      }
      return out;
    },
    { dataSelector, languageNames },
  );
}

const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** English words in a Korean text: letters-only words with a lower-case letter, not an address, not allowed. */
export function englishWords(text: string): string[] {
  const stripped = text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ') // e-mail addresses
    .replace(/\b(?:https?:\/\/|\/)[\w./?=&%#-]+/g, ' ') // addresses and paths
    .replace(/\b[\w-]+\.(?:csv|json|pdf|png|svg|html|mjml|txt)\b/gi, ' '); // file names
  return (stripped.match(/[A-Za-z][A-Za-z'.-]*[A-Za-z]|[A-Za-z]/g) ?? []).filter((w) => /[a-z]/.test(w) && w.length > 1 && !koreanAllowedWords.has(w));
}

/** Texts in the wrong language for `lang`: Hangul in English, English words in Korean. */
export async function wrongLanguageTexts(page: Page, lang: 'ko' | 'en'): Promise<string[]> {
  const texts = await visibleUiTexts(page);
  if (lang === 'en') return texts.filter((t) => hangul.test(t));
  return texts.filter((t) => englishWords(t).length > 0);
}
