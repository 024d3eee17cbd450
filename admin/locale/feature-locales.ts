import type { LocaleTranslations } from 'adminjs';
import { workQueuesLocale } from './work-queues.locale.js';
import { salesLocale } from './sales.locale.js';
import { accessibilityLocale } from './accessibility.locale.js';
import { segmentsExtraLocale } from './segments-extra.locale.js';

/**
 * One module per console feature, each holding its Korean and English texts
 * side by side (`{ ko, en }`, any AdminJS locale keys: messages, labels,
 * resources.<Id>.…), deep-merged over ko.ts / en.ts by index.ts. A feature
 * adds its strings here instead of growing the two big files, and its two
 * languages cannot drift apart unnoticed (test/locale-coverage.test.ts).
 */
export interface FeatureLocale {
  ko: LocaleTranslations;
  en: LocaleTranslations;
}

export const featureLocales: FeatureLocale[] = [workQueuesLocale, salesLocale, accessibilityLocale, segmentsExtraLocale];
