import type { FeatureLocale } from './feature-locales.js';

/** Texts of the accessibility feature in both languages (merged by index.ts; see feature-locales.ts). */
export const accessibilityLocale: FeatureLocale = {
  ko: {},
  en: {},
};
