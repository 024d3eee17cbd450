import type { FeatureLocale } from './feature-locales.js';

/** Segment texts outside resources.Segment.messages: the member list's action name. */
export const segmentsExtraLocale: FeatureLocale = {
  ko: { resources: { Segment: { actions: { members: '대상 고객 목록' } } } },
  en: { resources: { Segment: { actions: { members: 'Members' } } } },
};
