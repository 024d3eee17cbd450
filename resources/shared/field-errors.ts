import type { z } from 'zod';

import type { FieldError } from './bilingual.js';

/** Field errors in AdminJS's shape: `{ field: { message, type } }`, each optionally with its English (bilingual.ts). */
export type FieldErrors = Record<string, FieldError>;

/** Zod issues -> one error per field (the first), keyed by the field path. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    if (!out[field]) out[field] = { message: issue.message, type: issue.code };
  }
  return out;
}

/**
 * An entity as form values, the base an update payload is laid over: a
 * partial API update changes only the fields it sends.
 */
export function asPayload(entity: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entity)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'object' ? v : String(v)]),
  );
}
