import { z } from 'zod';
import { productTypes } from './product-attributes.js';
import { optional, required } from '../shared/form-fields.js';
import { regions } from '../customer/customer-attributes.js';
import { t } from '../shared/bilingual.js';

/*
 * Form inputs of the catalogue (and of holdings). Every message is Korean
 * with its English registered by t() (resources/shared/bilingual.ts); the
 * console shows the staff member's language. The field builders below are
 * the bilingual twins of form-fields.ts's (same Korean texts).
 */

/** A calendar date as YYYY-MM-DD (AdminJS date pickers send ISO date-times; the day is kept). */
const dateString = (ko: string, en: string) =>
  z
    .string({ error: t(`${ko}을(를) 입력하세요`, `Enter the ${en}`) })
    .regex(/^\d{4}-\d{2}-\d{2}/, t(`${ko}은(는) YYYY-MM-DD 형식입니다`, `The ${en} is written YYYY-MM-DD`))
    .transform((v) => v.slice(0, 10))
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      t(`${ko}이(가) 존재하지 않는 날짜입니다`, `The ${en} is not a real date`),
    );

/** A whole number in a range, from a form string. */
const wholeNumber = (ko: string, en: string, min: number, max: number) =>
  z.coerce
    .number({ error: t(`${ko}은(는) 숫자여야 합니다`, `The ${en} must be a number`) })
    .int(t(`${ko}은(는) 정수여야 합니다`, `The ${en} must be a whole number`))
    .min(min, t(`${ko}은(는) ${min} 이상이어야 합니다`, `The ${en} must be at least ${min}`))
    .max(max, t(`${ko}은(는) ${max} 이하여야 합니다`, `The ${en} must be at most ${max}`));

/** Money in KRW: a non-negative integer, commas allowed in input. */
const krw = (ko: string, en: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/,/g, '').trim() : v),
    z.string().regex(/^\d{1,15}$/, t(`${ko}은(는) 원 단위 정수로 입력하세요`, `Enter the ${en} in whole won`)),
  );

export const productInputSchema = z.object({
  code: required(
    z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{3,30}$/, t('상품코드는 영문 대문자, 숫자, 하이픈 3~30자입니다', 'The product code is 3–30 capital letters, digits and hyphens')),
    t('상품코드를 입력하세요', 'Enter the product code'),
  ),
  name: required(
    z
      .string()
      .trim()
      .min(2, t('상품명은 2자 이상입니다', 'The product name needs at least 2 characters'))
      .max(120, t('상품명은 120자 이내입니다', 'The product name has at most 120 characters')),
    t('상품명을 입력하세요', 'Enter the product name'),
  ),
  type: required(z.enum(productTypes, t('상품유형이 올바르지 않습니다', 'Unknown product type')), t('상품유형을 선택하세요', 'Choose the product type')),
  category: required(z.string().trim().min(1).max(60, t('분류는 60자 이내입니다', 'The category has at most 60 characters')), t('분류를 입력하세요', 'Enter the category')),
  tags: optional(z.string().trim().max(255, t('태그는 255자 이내입니다', 'Tags have at most 255 characters'))),
  imageUrl: optional(z.url({ error: t('이미지 주소는 http(s) URL이어야 합니다', 'The image address must be an http(s) URL'), protocol: /^https?$/ }).max(500)),
  riskGrade: required(wholeNumber('위험등급', 'risk grade', 1, 6), t('위험등급(1~6)을 입력하세요', 'Enter the risk grade (1–6)')),
  summary: optional(z.string().trim().max(1000, t('설명은 1000자 이내입니다', 'The summary has at most 1000 characters'))),
});

/** Region codes typed or picked: a comma-separated string or a list; '' = anywhere. */
const regionCodes = z.preprocess(
  (v) => {
    const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : v;
    if (!Array.isArray(list)) return v;
    const codes = list.map((r) => String(r).trim().toUpperCase()).filter(Boolean);
    return codes.length ? codes : undefined;
  },
  z
    .array(z.string())
    // One error on the field itself (not on the n-th code), which the form shows under it.
    .refine((list) => list.every((r) => (regions as readonly string[]).includes(r)), t('알 수 없는 지역 코드가 있습니다', 'There is an unknown region code'))
    .transform((list) => [...new Set(list)].join(','))
    .optional(),
);

export const versionInputSchema = z
  .object({
    productId: required(wholeNumber('상품', 'product', 1, 2 ** 31), t('상품을 선택하세요', 'Choose the product')),
    validFrom: required(dateString('유효기간 시작일', 'start of validity'), t('유효기간 시작일을 입력하세요', 'Enter the start of validity')),
    validTo: optional(dateString('유효기간 종료일', 'end of validity')),
    conditions: optional(z.string().trim().max(2000, t('조건은 2000자 이내입니다', 'Conditions have at most 2000 characters'))),
    // 가입 대상 (eligibility): engine/recommendation/eligibility.ts
    minAge: optional(wholeNumber('최소 가입 연령', 'minimum age', 0, 120)),
    maxAge: optional(wholeNumber('최대 가입 연령', 'maximum age', 0, 120)),
    eligibleGender: optional(z.enum(['M', 'F'], t('가입 가능 성별이 올바르지 않습니다', 'Unknown gender'))),
    eligibleRegions: regionCodes,
  })
  .superRefine((v, ctx) => {
    if (v.validTo && v.validTo < v.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: t('유효기간 종료일이 시작일보다 빠릅니다', 'The end of validity is before its start') });
    if (v.minAge !== undefined && v.maxAge !== undefined && v.minAge > v.maxAge)
      ctx.addIssue({ code: 'custom', path: ['maxAge'], message: t('최대 가입 연령이 최소 가입 연령보다 낮습니다', 'The maximum age is below the minimum age') });
  });

export const tierInputSchema = z
  .object({
    productVersionId: required(wholeNumber('상품 버전', 'product version', 1, 2 ** 31), t('상품 버전을 선택하세요', 'Choose the product version')),
    termMonthsMin: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), wholeNumber('최소 기간(개월)', 'minimum term (months)', 0, 600)),
    termMonthsMax: optional(wholeNumber('최대 기간(개월)', 'maximum term (months)', 1, 600)),
    amountMin: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), krw('최소 금액', 'minimum amount')),
    amountMax: optional(krw('최대 금액', 'maximum amount')),
    rateBp: required(wholeNumber('금리(bp)', 'rate (bp)', -10000, 100000), t('금리(bp)를 입력하세요', 'Enter the rate')),
  })
  .superRefine((v, ctx) => {
    if (v.termMonthsMax !== undefined && v.termMonthsMax < v.termMonthsMin)
      ctx.addIssue({ code: 'custom', path: ['termMonthsMax'], message: t('최대 기간이 최소 기간보다 짧습니다', 'The maximum term is shorter than the minimum') });
    if (v.amountMax !== undefined && BigInt(v.amountMax) < BigInt(v.amountMin))
      ctx.addIssue({ code: 'custom', path: ['amountMax'], message: t('최대 금액이 최소 금액보다 작습니다', 'The maximum amount is below the minimum') });
  });

export const disclosureInputSchema = z.object({
  productVersionId: required(wholeNumber('상품 버전', 'product version', 1, 2 ** 31), t('상품 버전을 선택하세요', 'Choose the product version')),
  title: required(
    z.string().trim().min(2, t('제목은 2자 이상입니다', 'The title needs at least 2 characters')).max(200, t('제목은 200자 이내입니다', 'The title has at most 200 characters')),
    t('제목을 입력하세요', 'Enter the title'),
  ),
  body: required(
    z.string().trim().min(10, t('본문은 10자 이상입니다', 'The text needs at least 10 characters')).max(60000, t('본문이 너무 깁니다', 'The text is too long')),
    t('본문을 입력하세요', 'Enter the text'),
  ),
});

export const holdingInputSchema = z
  .object({
    contractNo: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Z0-9-]{6,30}$/, t('계약번호는 영문 대문자, 숫자, 하이픈 6~30자입니다', 'The contract number is 6–30 capital letters, digits and hyphens')),
    ),
    customerId: required(wholeNumber('고객', 'customer', 1, 2 ** 31), t('고객을 선택하세요', 'Choose the customer')),
    productVersionId: required(wholeNumber('상품 버전', 'product version', 1, 2 ** 31), t('상품 버전을 선택하세요', 'Choose the product version')),
    branchCode: optional(z.string().trim().max(20)),
    amount: required(krw('금액', 'amount'), t('금액을 입력하세요', 'Enter the amount')),
    openedOn: required(dateString('개설일', 'opening date'), t('개설일을 입력하세요', 'Enter the opening date')),
    closedOn: optional(dateString('해지일', 'closing date')),
  })
  .superRefine((v, ctx) => {
    if (v.closedOn && v.closedOn < v.openedOn)
      ctx.addIssue({ code: 'custom', path: ['closedOn'], message: t('해지일이 개설일보다 빠릅니다', 'The closing date is before the opening date') });
  });
