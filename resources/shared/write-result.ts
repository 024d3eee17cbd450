import type { FieldErrors } from './field-errors.js';
import { t } from './bilingual.js';

/**
 * Outcome of a domain write: the saved entity, or user errors as data
 * (field-level where a field is at fault, `message` for the whole form).
 * Nothing is written when the outcome is a failure.
 */
export type WriteResult<T> = { ok: true; entity: T } | { ok: false; errors: FieldErrors; message: string; messageEn?: string };

const checkFields = t('입력값을 확인하세요', 'Check the highlighted fields');

/** A failed write; `messageEn` is the form-level message in English when it was built with values in it (bilingual.ts). */
export const fail = (errors: FieldErrors, message = checkFields, messageEn?: string): { ok: false; errors: FieldErrors; message: string; messageEn?: string } => ({
  ok: false,
  errors,
  message,
  ...(messageEn ? { messageEn } : {}),
});

/** MariaDB duplicate-key error, with the name of the violated key. */
export function duplicateKeyOf(err: unknown): string | null {
  const e = err as { code?: string; driverError?: { code?: string; sqlMessage?: string }; sqlMessage?: string };
  const code = e.code ?? e.driverError?.code;
  if (code !== 'ER_DUP_ENTRY') return null;
  const msg = e.sqlMessage ?? e.driverError?.sqlMessage ?? '';
  return /for key '(?:[^.']*\.)?([^']+)'/.exec(msg)?.[1] ?? 'unknown';
}

/** Today's date in Korea (YYYY-MM-DD): validity periods are Korean calendar days. */
export function seoulDate(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
