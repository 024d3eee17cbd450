import type { Propensity } from '../../resources/customer/customer-attributes.js';

/**
 * Suitability (적합성 원칙): the riskiest product grade each investment
 * propensity may be offered. Grades run 1 (매우 높은 위험) to 6 (매우 낮은 위험),
 * so a customer may hold grade g when g >= the value below.
 */
export const riskiestGradeAllowed: Record<Propensity, number> = {
  STABLE: 6,
  STABLE_SEEKING: 5,
  NEUTRAL: 3,
  ACTIVE: 2,
  AGGRESSIVE: 1,
};

/** Product types sold under the suitability rule (investment products). */
export const suitabilityTypes = new Set(['FUND']);

/** Investment propensities by name, in both console languages (as the console's labels). */
export const propensityNames: Record<Propensity, { ko: string; en: string }> = {
  STABLE: { ko: '안정형', en: 'Stable' },
  STABLE_SEEKING: { ko: '안정추구형', en: 'Stability-seeking' },
  NEUTRAL: { ko: '위험중립형', en: 'Risk-neutral' },
  ACTIVE: { ko: '적극투자형', en: 'Active investment' },
  AGGRESSIVE: { ko: '공격투자형', en: 'Aggressive investment' },
};

/** Product risk grades by name (1 = 매우 높은 위험 ... 6 = 매우 낮은 위험). */
export const riskGradeNames: Record<number, { ko: string; en: string }> = {
  1: { ko: '매우 높은 위험', en: 'very high risk' },
  2: { ko: '높은 위험', en: 'high risk' },
  3: { ko: '다소 높은 위험', en: 'fairly high risk' },
  4: { ko: '보통 위험', en: 'medium risk' },
  5: { ko: '낮은 위험', en: 'low risk' },
  6: { ko: '매우 낮은 위험', en: 'very low risk' },
};

const gradeKo = (g: number) => `위험등급 ${g}(${riskGradeNames[g]?.ko ?? ''})`;
const gradeEn = (g: number) => `risk grade ${g} (${riskGradeNames[g]?.en ?? ''})`;

/** The grades a limit allows, in words: "위험등급 6(매우 낮은 위험)" or "위험등급 3(…)~6(…)". */
function allowedGrades(limit: number): { ko: string; en: string } {
  if (limit >= 6) return { ko: `${gradeKo(6)} 상품만`, en: `only products of ${gradeEn(6)}` };
  return { ko: `${gradeKo(limit)}~6(${riskGradeNames[6]!.ko}) 상품만`, en: `only products of ${gradeEn(limit)} to 6 (${riskGradeNames[6]!.en})` };
}

/**
 * The outcome of a suitability check; a refusal carries its reason in plain
 * words in both languages (`message` is the Korean, as `ko`), never a raw code.
 */
export type SuitabilityDecision = { ok: true } | { ok: false; code: 'noPropensity' | 'tooRisky'; message: string; ko: string; en: string };

/** Whether a customer with `propensity` may be offered or sold a product of `type` and `riskGrade`. */
export function checkSuitability(propensity: Propensity | null, type: string, riskGrade: number): SuitabilityDecision {
  if (!suitabilityTypes.has(type)) return { ok: true };
  if (!propensity) {
    const ko = '투자성향 진단을 받지 않은 고객에게는 투자상품을 판매할 수 없습니다';
    return { ok: false, code: 'noPropensity', message: ko, ko, en: 'Investment products cannot be sold to a customer whose investment propensity has not been assessed' };
  }
  const limit = riskiestGradeAllowed[propensity];
  if (riskGrade < limit) {
    const name = propensityNames[propensity];
    const allowed = allowedGrades(limit);
    const ko = `${name.ko} 고객은 ${allowed.ko} 가입할 수 있습니다(이 상품은 ${gradeKo(riskGrade)})`;
    const en = `A customer with the ${name.en} propensity may open ${allowed.en} (this product is ${gradeEn(riskGrade)})`;
    return { ok: false, code: 'tooRisky', message: ko, ko, en };
  }
  return { ok: true };
}
