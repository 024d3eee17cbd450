import type { Locale } from 'adminjs';
import { ko } from './ko.js';
import { en } from './en.js';

/**
 * AdminJS `locale` option. Korean is the default; English is offered in the
 * top-bar language selector (shown because availableLanguages has more than
 * one entry). localeDetection stays off so the browser's language never
 * overrides Korean; a choice made in the selector lasts until the page is
 * reloaded (nothing persists it without the detector).
 *
 * 'ko' has no AdminJS bundle, so `ko` is complete; 'en' gets AdminJS's
 * built-in English with `en` merged over it.
 */
export const locale: Locale = {
  language: 'ko',
  availableLanguages: ['ko', 'en'],
  localeDetection: false,
  translations: { ko, en },
};
