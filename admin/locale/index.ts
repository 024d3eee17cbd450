import type { Locale, LocaleTranslations } from 'adminjs';
import { ko } from './ko.js';
import { en } from './en.js';
import { featureLocales } from './feature-locales.js';

type Tree = Record<string, unknown>;

/** Deep merge of plain objects (feature texts over the base file); later wins. */
function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? merge(b as Tree, v as Tree) : v;
  }
  return out;
}

const withFeatures = (base: LocaleTranslations, lang: 'ko' | 'en'): LocaleTranslations =>
  featureLocales.reduce<Tree>((acc, f) => merge(acc, f[lang] as Tree), base as Tree) as LocaleTranslations;

/**
 * AdminJS `locale` option. Korean is the default; English is offered in the
 * top-bar language selector (shown because availableLanguages has more than
 * one entry). localeDetection stays off so the browser's language never
 * overrides Korean.
 *
 * 'ko' has no AdminJS bundle, so `ko` is complete; 'en' gets AdminJS's
 * built-in English with `en` merged over it. Feature modules
 * (feature-locales.ts) are merged over both.
 */
export const translations = { ko: withFeatures(ko, 'ko'), en: withFeatures(en, 'en') };

export const locale: Locale = {
  language: 'ko',
  availableLanguages: ['ko', 'en'],
  localeDetection: false,
  translations,
};
