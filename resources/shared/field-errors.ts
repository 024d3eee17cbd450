import type { z } from 'zod';

import { fieldError, type FieldError } from './bilingual.js';

/** Field errors in AdminJS's shape: `{ field: { message, type } }`, each optionally with its English (bilingual.ts). */
export type FieldErrors = Record<string, FieldError>;

/**
 * Zod issues -> one error per field (the first), keyed by the field path;
 * every field with a problem is reported at once.
 *
 * A schema's own messages (Korean texts, t() texts, locale keys such as
 * `emailRequired`) are kept. Zod's built-in ones ("Invalid input: expected
 * string, received undefined", "Too small: ...") are English and technical;
 * they become a plain message in both languages (builtInMessage).
 */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    if (!out[field]) out[field] = isOwnMessage(issue.message) ? { message: issue.message, type: issue.code } : builtInMessage(issue);
  }
  return out;
}

const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** A schema's own message: Korean text, or a locale key (one word, e.g. `displayNameRequired`). */
const isOwnMessage = (message: string): boolean => hangul.test(message) || /^[A-Za-z][\w.]*$/.test(message);

type Issue = z.core.$ZodIssue;
const n = (v: unknown) => String(v);

/** Zod's built-in message for `issue`, in Korean and English, in words a staff member understands. */
export function builtInMessage(issue: Issue): FieldError {
  const type = issue.code;
  const e = (ko: string, en: string) => fieldError(type, ko, en);
  switch (issue.code) {
    case 'invalid_type':
      if (/received (undefined|null)/.test(issue.message)) return e('필수 입력 항목입니다.', 'This field is required.');
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint') return e('숫자를 입력하세요.', 'Enter a number.');
      if (issue.expected === 'date') return e('올바른 날짜를 입력하세요.', 'Enter a valid date.');
      if (issue.expected === 'boolean') return e('예 또는 아니요를 선택하세요.', 'Choose yes or no.');
      if (issue.expected === 'string') return e('텍스트를 입력하세요.', 'Enter text.');
      return e('입력 형식이 올바르지 않습니다.', 'The value has the wrong type.');
    case 'too_small': {
      const min = n(issue.minimum);
      if (issue.origin === 'string') return issue.minimum === 1 ? e('값을 입력하세요.', 'Enter a value.') : e(`${min}자 이상 입력하세요.`, `Enter at least ${min} characters.`);
      if (issue.origin === 'array' || issue.origin === 'set') return e(`${min}개 이상 선택하세요.`, `Choose at least ${min}.`);
      if (issue.origin === 'date') return e(`${min} 이후의 날짜를 입력하세요.`, `Enter a date on or after ${min}.`);
      return issue.inclusive ? e(`${min} 이상이어야 합니다.`, `Must be at least ${min}.`) : e(`${min}보다 커야 합니다.`, `Must be greater than ${min}.`);
    }
    case 'too_big': {
      const max = n(issue.maximum);
      if (issue.origin === 'string') return e(`${max}자 이내로 입력하세요.`, `Enter at most ${max} characters.`);
      if (issue.origin === 'array' || issue.origin === 'set') return e(`${max}개 이하로 선택하세요.`, `Choose at most ${max}.`);
      if (issue.origin === 'date') return e(`${max} 이전의 날짜를 입력하세요.`, `Enter a date on or before ${max}.`);
      return issue.inclusive ? e(`${max} 이하여야 합니다.`, `Must be at most ${max}.`) : e(`${max}보다 작아야 합니다.`, `Must be less than ${max}.`);
    }
    case 'invalid_value':
      return e('허용된 값 중 하나를 선택하세요.', 'Choose one of the allowed values.');
    case 'invalid_format':
      if (issue.format === 'email') return e('올바른 이메일 주소를 입력하세요.', 'Enter a valid e-mail address.');
      if (issue.format === 'url') return e('올바른 웹 주소를 입력하세요.', 'Enter a valid web address.');
      if (issue.format === 'date') return e('날짜를 YYYY-MM-DD 형식으로 입력하세요.', 'Enter the date as YYYY-MM-DD.');
      if (issue.format === 'datetime') return e('올바른 날짜와 시각을 입력하세요.', 'Enter a valid date and time.');
      return e('형식이 올바르지 않습니다.', 'The format is not valid.');
    case 'not_multiple_of':
      return e(`${n(issue.divisor)}의 배수여야 합니다.`, `Must be a multiple of ${n(issue.divisor)}.`);
    case 'unrecognized_keys':
      return e(`허용되지 않는 항목입니다: ${issue.keys.join(', ')}`, `Not an allowed field: ${issue.keys.join(', ')}`);
    default:
      return e('입력값이 올바르지 않습니다.', 'The value is not valid.');
  }
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
