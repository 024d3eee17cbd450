import type { FeatureLocale } from './feature-locales.js';

/** Texts of the sales feature in both languages (merged by index.ts; see feature-locales.ts). */
export const salesLocale: FeatureLocale = {
  ko: {},
  en: {},
};
