import { z } from 'zod';

/** zod building blocks for AdminJS form payloads, where every value is a string and '' means "not given". */
export const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blank, schema.optional());
export const required = <T extends z.ZodTypeAny>(schema: T, message: string) =>
  z.preprocess(
    blank,
    z
      .any()
      .refine((v) => v !== undefined, message)
      .pipe(schema),
  );

/** A calendar date as YYYY-MM-DD (AdminJS date pickers send ISO date-times; the day is kept). */
export const dateString = (label: string) =>
  z
    .string({ error: `${label}을(를) 입력하세요` })
    .regex(/^\d{4}-\d{2}-\d{2}/, `${label}은(는) YYYY-MM-DD 형식입니다`)
    .transform((v) => v.slice(0, 10))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${label}이(가) 존재하지 않는 날짜입니다`);

/** A whole number in a range, from a form string. */
export const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}은(는) 숫자여야 합니다` })
    .int(`${label}은(는) 정수여야 합니다`)
    .min(min, `${label}은(는) ${min} 이상이어야 합니다`)
    .max(max, `${label}은(는) ${max} 이하여야 합니다`);

/** Money in KRW: a non-negative integer, commas allowed in input. */
export const krw = (label: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.replace(/,/g, '').trim() : v), z.string().regex(/^\d{1,15}$/, `${label}은(는) 원 단위 정수로 입력하세요`));
