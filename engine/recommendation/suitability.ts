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

export type SuitabilityDecision = { ok: true } | { ok: false; message: string };

/** Whether a customer with `propensity` may be offered or sold a product of `type` and `riskGrade`. */
export function checkSuitability(propensity: Propensity | null, type: string, riskGrade: number): SuitabilityDecision {
  if (!suitabilityTypes.has(type)) return { ok: true };
  if (!propensity) return { ok: false, message: '투자성향 진단을 받지 않은 고객에게는 투자상품을 판매할 수 없습니다' };
  const limit = riskiestGradeAllowed[propensity];
  if (riskGrade < limit) {
    return { ok: false, message: `투자성향(${propensity})으로는 위험등급 ${limit}등급보다 위험한 상품(${riskGrade}등급)을 판매할 수 없습니다` };
  }
  return { ok: true };
}
