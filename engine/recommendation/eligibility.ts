/**
 * 가입 대상 (eligibility): whether a customer may open a product version, by
 * the version's age range, gender and regions (NULL = no restriction; see
 * migrations/1733000900000-product-eligibility.ts). Pure: the caller passes
 * the Korean calendar date of the sale. Used by the holding service (refuses
 * with the reason), by the sale form (flags before saving) and by the
 * recommendations (never offers an ineligible product).
 *
 * Age is 만 나이 (international age, the legal age in Korea since 2023):
 * full years since the birth date; someone born on 29 February turns a year
 * older on 1 March in common years.
 */
export interface EligibilityRule {
  minAge: number | null;
  maxAge: number | null;
  eligibleGender: 'M' | 'F' | null;
  /** Comma-separated region codes; NULL or '' = anywhere. */
  eligibleRegions: string | null;
}

export interface EligibilityFacts {
  /** YYYY-MM-DD, or null when unknown. */
  birthDate: string | null;
  gender: 'M' | 'F' | null;
  region: string | null;
}

export type EligibilityCode = 'tooYoung' | 'tooOld' | 'ageUnknown' | 'gender' | 'region';
export type EligibilityDecision = { ok: true } | { ok: false; code: EligibilityCode; ko: string; en: string };

const genderKo = { M: '남성', F: '여성' } as const;
const genderEn = { M: 'men', F: 'women' } as const;

/** 만 나이 on `today` (YYYY-MM-DD) of someone born on `birthDate` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A one-line Korean / English description of the rule (e.g. "만 19~34세"), or null when anyone may open it. */
export function describeEligibility(rule: EligibilityRule): { ko: string; en: string } | null {
  const ko: string[] = [];
  const en: string[] = [];
  if (rule.minAge !== null && rule.maxAge !== null) {
    ko.push(`만 ${rule.minAge}~${rule.maxAge}세`);
    en.push(`aged ${rule.minAge}–${rule.maxAge}`);
  } else if (rule.minAge !== null) {
    ko.push(`만 ${rule.minAge}세 이상`);
    en.push(`aged ${rule.minAge} or over`);
  } else if (rule.maxAge !== null) {
    ko.push(`만 ${rule.maxAge}세 이하`);
    en.push(`aged ${rule.maxAge} or under`);
  }
  if (rule.eligibleGender) {
    ko.push(`${genderKo[rule.eligibleGender]}`);
    en.push(`${genderEn[rule.eligibleGender]} only`);
  }
  const regions = regionList(rule.eligibleRegions);
  if (regions.length) {
    ko.push(`거주 지역 ${regions.join(', ')}`);
    en.push(`living in ${regions.join(', ')}`);
  }
  return ko.length ? { ko: ko.join(', '), en: en.join(', ') } : null;
}

export const regionList = (regions: string | null): string[] =>
  (regions ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);

/** Whether the customer may open a version with `rule` on `today`; the first failed condition with its reason in both languages. */
export function checkEligibility(rule: EligibilityRule, customer: EligibilityFacts, today: string): EligibilityDecision {
  if (rule.minAge !== null || rule.maxAge !== null) {
    if (!customer.birthDate)
      return { ok: false, code: 'ageUnknown', ko: '생년월일이 없어 가입 연령을 확인할 수 없습니다', en: 'The customer has no birth date, so the age limit cannot be checked' };
    const age = ageOn(customer.birthDate, today);
    if (rule.minAge !== null && age < rule.minAge) {
      return {
        ok: false,
        code: 'tooYoung',
        ko: `만 ${rule.minAge}세 이상만 가입할 수 있습니다(고객 만 ${age}세)`,
        en: `Only customers aged ${rule.minAge} or over may open it (the customer is ${age})`,
      };
    }
    if (rule.maxAge !== null && age > rule.maxAge) {
      return {
        ok: false,
        code: 'tooOld',
        ko: `만 ${rule.maxAge}세 이하만 가입할 수 있습니다(고객 만 ${age}세)`,
        en: `Only customers aged ${rule.maxAge} or under may open it (the customer is ${age})`,
      };
    }
  }
  if (rule.eligibleGender && customer.gender !== rule.eligibleGender) {
    return { ok: false, code: 'gender', ko: `${genderKo[rule.eligibleGender]} 고객만 가입할 수 있습니다`, en: `Only ${genderEn[rule.eligibleGender]} may open it` };
  }
  const regions = regionList(rule.eligibleRegions);
  if (regions.length && !(customer.region && regions.includes(customer.region))) {
    return { ok: false, code: 'region', ko: `거주 지역이 ${regions.join(', ')}인 고객만 가입할 수 있습니다`, en: `Only customers living in ${regions.join(', ')} may open it` };
  }
  return { ok: true };
}
