import { z } from 'zod';
import { productTypes } from './product-attributes.js';
import { dateString, krw, optional, required, wholeNumber } from '../shared/form-fields.js';

export const productInputSchema = z.object({
  code: required(
    z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{3,30}$/, '상품코드는 영문 대문자, 숫자, 하이픈 3~30자입니다'),
    '상품코드를 입력하세요',
  ),
  name: required(z.string().trim().min(2, '상품명은 2자 이상입니다').max(120, '상품명은 120자 이내입니다'), '상품명을 입력하세요'),
  type: required(z.enum(productTypes, '상품유형이 올바르지 않습니다'), '상품유형을 선택하세요'),
  category: required(z.string().trim().min(1).max(60, '분류는 60자 이내입니다'), '분류를 입력하세요'),
  tags: optional(z.string().trim().max(255, '태그는 255자 이내입니다')),
  imageUrl: optional(z.url({ error: '이미지 주소는 http(s) URL이어야 합니다', protocol: /^https?$/ }).max(500)),
  riskGrade: required(wholeNumber('위험등급', 1, 6), '위험등급(1~6)을 입력하세요'),
  summary: optional(z.string().trim().max(1000, '설명은 1000자 이내입니다')),
});

export const versionInputSchema = z
  .object({
    productId: required(wholeNumber('상품', 1, 2 ** 31), '상품을 선택하세요'),
    validFrom: required(dateString('유효기간 시작일'), '유효기간 시작일을 입력하세요'),
    validTo: optional(dateString('유효기간 종료일')),
    conditions: optional(z.string().trim().max(2000, '조건은 2000자 이내입니다')),
  })
  .superRefine((v, ctx) => {
    if (v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: '유효기간 종료일이 시작일보다 빠릅니다' });
  });

export const tierInputSchema = z
  .object({
    productVersionId: required(wholeNumber('상품 버전', 1, 2 ** 31), '상품 버전을 선택하세요'),
    termMonthsMin: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), wholeNumber('최소 기간(개월)', 0, 600)),
    termMonthsMax: optional(wholeNumber('최대 기간(개월)', 1, 600)),
    amountMin: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), krw('최소 금액')),
    amountMax: optional(krw('최대 금액')),
    rateBp: required(wholeNumber('금리(bp)', -10000, 100000), '금리(bp)를 입력하세요'),
  })
  .superRefine((v, ctx) => {
    if (v.termMonthsMax !== undefined && v.termMonthsMax < v.termMonthsMin)
      ctx.addIssue({ code: 'custom', path: ['termMonthsMax'], message: '최대 기간이 최소 기간보다 짧습니다' });
    if (v.amountMax !== undefined && BigInt(v.amountMax) < BigInt(v.amountMin))
      ctx.addIssue({ code: 'custom', path: ['amountMax'], message: '최대 금액이 최소 금액보다 작습니다' });
  });

export const disclosureInputSchema = z.object({
  productVersionId: required(wholeNumber('상품 버전', 1, 2 ** 31), '상품 버전을 선택하세요'),
  title: required(z.string().trim().min(2, '제목은 2자 이상입니다').max(200, '제목은 200자 이내입니다'), '제목을 입력하세요'),
  body: required(z.string().trim().min(10, '본문은 10자 이상입니다').max(60000, '본문이 너무 깁니다'), '본문을 입력하세요'),
});

export const holdingInputSchema = z
  .object({
    contractNo: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Z0-9-]{6,30}$/, '계약번호는 영문 대문자, 숫자, 하이픈 6~30자입니다'),
    ),
    customerId: required(wholeNumber('고객', 1, 2 ** 31), '고객을 선택하세요'),
    productVersionId: required(wholeNumber('상품 버전', 1, 2 ** 31), '상품 버전을 선택하세요'),
    branchCode: optional(z.string().trim().max(20)),
    amount: required(krw('금액'), '금액을 입력하세요'),
    openedOn: required(dateString('개설일'), '개설일을 입력하세요'),
    closedOn: optional(dateString('해지일')),
  })
  .superRefine((v, ctx) => {
    if (v.closedOn && v.closedOn < v.openedOn) ctx.addIssue({ code: 'custom', path: ['closedOn'], message: '해지일이 개설일보다 빠릅니다' });
  });
