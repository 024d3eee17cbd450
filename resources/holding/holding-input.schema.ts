import { z } from 'zod';
import { t } from '../shared/bilingual.js';
import { blank } from '../shared/form-fields.js';

/**
 * The fields of a holding, one schema each, so the service reports every
 * wrong field at once (a zod object would stop at its refinements). Every
 * message in both languages (resources/shared/bilingual.ts).
 */
const id = (requiredMsg: string, invalidMsg: string) =>
  z.preprocess(
    blank,
    z
      .any()
      .refine((v) => v !== undefined, requiredMsg)
      .pipe(
        z.coerce
          .number({ error: invalidMsg })
          .int(invalidMsg)
          .min(1, invalidMsg)
          .max(2 ** 31, invalidMsg),
      ),
  );
const date = (requiredMsg: string | null, formatMsg: string) => {
  const day = z
    .string({ error: formatMsg })
    .regex(/^\d{4}-\d{2}-\d{2}/, formatMsg)
    .transform((v) => v.slice(0, 10))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), formatMsg);
  return requiredMsg
    ? z.preprocess(
        blank,
        z
          .any()
          .refine((v) => v !== undefined, requiredMsg)
          .pipe(day),
      )
    : z.preprocess(blank, day.optional());
};

export const holdingFieldSchemas = {
  contractNo: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{6,30}$/, t('계약번호는 영문 대문자, 숫자, 하이픈 6~30자입니다', 'The contract number is 6-30 capital letters, digits or hyphens'))
      .optional(),
  ),
  customerId: id(t('고객을 선택하세요', 'Choose the customer'), t('고객이 올바르지 않습니다', 'The customer is not valid')),
  productVersionId: id(t('상품을 선택하세요', 'Choose the product'), t('상품 버전이 올바르지 않습니다', 'The product version is not valid')),
  branchCode: z.preprocess(blank, z.string().trim().max(20, t('영업점 코드는 20자 이내입니다', 'The branch code is at most 20 characters')).optional()),
  amount: z.preprocess(
    (v) => blank(typeof v === 'string' ? v.replace(/[,\s원₩]/g, '') : v),
    z
      .any()
      .refine((v) => v !== undefined, t('금액을 입력하세요', 'Enter the amount'))
      .pipe(z.coerce.string().regex(/^\d{1,15}$/, t('금액은 원 단위 정수로 입력하세요', 'Enter the amount in whole won'))),
  ),
  openedOn: date(t('신규일을 입력하세요', 'Enter the opening date'), t('신규일은 YYYY-MM-DD 형식의 날짜입니다', 'The opening date is a date as YYYY-MM-DD')),
  closedOn: date(null, t('해지일은 YYYY-MM-DD 형식의 날짜입니다', 'The closing date is a date as YYYY-MM-DD')),
};

export type HoldingField = keyof typeof holdingFieldSchemas;
export type HoldingInput = {
  contractNo?: string;
  customerId?: number;
  productVersionId?: number;
  branchCode?: string;
  amount?: string;
  openedOn?: string;
  closedOn?: string;
};

/** Each field parsed on its own: the values that parsed, and one error per field that did not. */
export function parseHoldingFields(
  payload: Record<string, unknown>,
  fields: readonly HoldingField[],
): { values: HoldingInput; errors: Record<string, { message: string; type: string }> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, { message: string; type: string }> = {};
  for (const f of fields) {
    const r = holdingFieldSchemas[f].safeParse(payload[f]);
    if (r.success) {
      if (r.data !== undefined) values[f] = r.data;
    } else errors[f] = { message: r.error.issues[0]!.message, type: r.error.issues[0]!.code };
  }
  return { values: values as HoldingInput, errors };
}
