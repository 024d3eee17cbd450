import type { Language } from '../../engine/context/request-context.js';

/**
 * Server-made texts in both console languages.
 *
 * Domain services and zod schemas speak Korean (the bank's language, what
 * the API and the audit log carry), and every user-facing text also has its
 * English: `fieldError(type, ko, en)` for errors built at run time (with
 * values in them), `t(ko, en)` for fixed texts such as zod messages, which
 * can only be strings — it returns the Korean and remembers the English.
 * The console boundary (admin/access/domain-actions.ts `unwrap`) picks the
 * request's language with `localise`. A Korean text with no English falls
 * back to Korean, which the language crawler test reports.
 */
export interface FieldError {
  message: string;
  type: string;
  /** The same message in English, when it was built with values in it. */
  en?: string;
}

const english = new Map<string, string>();

/** A fixed text in both languages: returns the Korean, remembers the English for `localise`. */
export function t(ko: string, en: string): string {
  english.set(ko, en);
  return ko;
}

/** A field error in both languages. */
export function fieldError(type: string, ko: string, en: string): FieldError {
  return { message: ko, en, type };
}

/** The text in `language`: the given English, else the registered one, else the Korean as is. */
export function localise(message: string, language: Language, en?: string): string {
  if (language === 'ko') return message;
  return en ?? english.get(message) ?? message;
}

/** Field errors in `language`, in AdminJS's `{ field: { message, type } }` shape. */
export function localiseErrors(errors: Record<string, FieldError>, language: Language): Record<string, { message: string; type: string }> {
  return Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, { message: localise(e.message, language, e.en), type: e.type }]));
}
