import type { FeatureLocale } from './feature-locales.js';

/** Texts of the work-queues feature in both languages (merged by index.ts; see feature-locales.ts). */
export const workQueuesLocale: FeatureLocale = {
  ko: {},
  en: {},
};
