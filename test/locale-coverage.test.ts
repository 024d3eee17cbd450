import { readFileSync } from 'node:fs';
import path from 'node:path';
import { translations } from '../admin/locale/index.js';

/**
 * The console's two languages cannot drift apart (unit level, no browser):
 * - Korean holds every key of AdminJS's built-in English (AdminJS ships no
 *   Korean: a missing key would show as an English startCase of the key);
 * - every key of the Korean texts exists in English and vice versa, after
 *   the feature modules are merged (admin/locale/index.ts);
 * - no Hangul in an English text (names of languages in their own language
 *   excepted: a language selector shows "한국어" to whoever reads Korean;
 *   and quoted literals the platform writes in Korean, like "(광고)");
 * - the same {{placeholders}} in both languages.
 */

type Tree = { [k: string]: unknown };

function flatten(tree: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree as Tree)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof tree === 'string') out[prefix] = tree;
  return out;
}

const adminJsEnglish = flatten(JSON.parse(readFileSync(path.resolve('node_modules/adminjs/lib/locale/en/translation.json'), 'utf8')));
const ko = flatten(translations.ko);
// AdminJS adds its built-in English under ours at run time (adminjs.i18n.js), so that is what English shows.
const en = { ...adminJsEnglish, ...flatten(translations.en) };
const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const placeholders = (s: string) => (s.match(/\{\{\s*[\w.-]+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, '')).sort();
/** Texts allowed to hold Hangul in English: a language's name in its own script, the bank's Korean name. */
const hangulAllowed = (key: string) => /^components\.LanguageSelector\.availableLanguages\./.test(key);

test("Korean holds every key of AdminJS's built-in English", () => {
  expect(Object.keys(adminJsEnglish).filter((k) => !(k in ko))).toEqual([]);
});

test('every Korean key exists in English', () => {
  expect(Object.keys(ko).filter((k) => !(k in en))).toEqual([]);
});

test('every English key exists in Korean', () => {
  expect(Object.keys(en).filter((k) => !(k in ko))).toEqual([]);
});

/** Quoted text is a literal the platform writes in Korean (e.g. the "(광고)" marking of advertising messages). */
const unquoted = (s: string) => s.replace(/"[^"]*"|“[^”]*”/g, '');

test('no Hangul in English texts', () => {
  expect(Object.entries(en).filter(([k, v]) => hangul.test(unquoted(v)) && !hangulAllowed(k))).toEqual([]);
});

test('the same placeholders in both languages', () => {
  const differ = Object.keys(ko)
    .filter((k) => k in en && placeholders(ko[k]!).join() !== placeholders(en[k]!).join())
    .map((k) => `${k}: ko ${placeholders(ko[k]!).join() || '-'} / en ${placeholders(en[k]!).join() || '-'}`);
  expect(differ).toEqual([]);
});
