import { z } from 'zod';
import { customerRiskGrades, genders, propensities, regions } from './customer-attributes.js';
import { normaliseEmail, normaliseMobile } from './contact-format.util.js';
import { blank, optional as opt } from '../shared/form-fields.js';
import { t } from '../shared/bilingual.js';

/**
 * What a banker may submit for a customer (form or API), validated field by
 * field. Form values arrive as strings; empty strings mean "not given".
 * Messages in both languages (Korean returned, English registered: bilingual.ts `t`); `type` codes stay stable.
 */
const flag = z.preprocess((v) => (v === undefined || v === '' ? undefined : v === true || v === 'true' || v === '1'), z.boolean().optional());

export const koreanName = /^[가-힣]{2,20}$/;
export const latinName = /^[A-Za-z][A-Za-z .'-]{0,98}[A-Za-z.]$/;

const staffInvalid = t('담당 직원이 올바르지 않습니다', 'Choose a staff member from the list');

export function customerInputSchema(today: string) {
  return z.object({
    customerNo: opt(
      z
        .string()
        .trim()
        .regex(
          /^[A-Z][0-9]{7,12}$/,
          t('고객번호는 영문 대문자 1자와 숫자 7~12자리입니다 (예: C0012345)', 'A customer number is one capital letter and 7-12 digits (e.g. C0012345)'),
        ),
    ),
    name: z.preprocess(
      blank,
      z
        .string({ error: t('이름을 입력하세요', 'Enter the name') })
        .trim()
        .refine(
          (v) => koreanName.test(v) || (latinName.test(v) && v.length <= 60),
          t(
            '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요',
            'Enter the name as 2-20 Korean letters or up to 60 Latin letters (spaces, full stops, hyphens and apostrophes allowed)',
          ),
        ),
    ),
    nameEn: opt(
      z
        .string()
        .trim()
        .regex(
          latinName,
          t(
            '영문 이름은 영문자, 공백, 마침표, 하이픈, 아포스트로피만 쓸 수 있습니다 (100자 이내)',
            'The Latin name may contain only Latin letters, spaces, full stops, hyphens and apostrophes (up to 100)',
          ),
        ),
    ),
    gender: opt(z.enum(genders, t('성별은 M 또는 F입니다', 'Choose a gender'))),
    birthDate: opt(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}/, t('생년월일은 YYYY-MM-DD 형식입니다', 'The birth date is a date as YYYY-MM-DD'))
        .transform((v) => v.slice(0, 10))
        .refine(
          (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
          t('존재하지 않는 날짜입니다', 'That date does not exist'),
        )
        .refine((v) => v < today, t('생년월일은 오늘 이전이어야 합니다', 'The birth date must be before today'))
        .refine((v) => v >= '1900-01-01', t('생년월일은 1900-01-01 이후여야 합니다', 'The birth date must be on or after 1900-01-01')),
    ),
    mobile: opt(
      z.string().transform((v, ctx) => {
        const n = normaliseMobile(v);
        if (!n) ctx.addIssue({ code: 'custom', message: t('휴대폰 번호는 010-XXXX-XXXX 형식입니다', 'A mobile number is written 010-XXXX-XXXX') });
        return n ?? v;
      }),
    ),
    email: opt(
      z.string().transform((v, ctx) => {
        const n = normaliseEmail(v);
        if (!n) ctx.addIssue({ code: 'custom', message: t('올바른 이메일 주소가 아닙니다 (예: name@example.com)', 'Not a valid e-mail address (e.g. name@example.com)') });
        return n ?? v;
      }),
    ),
    region: opt(z.enum(regions, t('지역 값이 올바르지 않습니다', 'Choose a region from the list'))),
    branchCode: opt(z.string().trim().max(20)),
    segmentLabel: opt(z.string().trim().max(40, t('세그먼트 라벨은 40자 이내입니다', 'The segment label is at most 40 characters'))),
    propensity: opt(z.enum(propensities, t('투자성향 값이 올바르지 않습니다', 'Choose an investment propensity from the list'))),
    riskGrade: opt(z.enum(customerRiskGrades, t('위험등급 값이 올바르지 않습니다', 'Choose a risk grade from the list'))),
    assignedStaffId: opt(z.coerce.number({ error: staffInvalid }).int().positive(staffInvalid)),
    consentSms: flag,
    consentEmail: flag,
    consentPush: flag,
    consentNight: flag,
  });
}

export type CustomerInput = z.infer<ReturnType<typeof customerInputSchema>>;

export { fieldErrorsOf, type FieldErrors } from '../shared/field-errors.js';
