import type { Propensity } from '../../resources/customer/customer-attributes.js';
import { checkSuitability } from './suitability.js';
import { checkEligibility, type EligibilityFacts, type EligibilityRule } from './eligibility.js';

export interface OfferableProduct {
  productId: number;
  versionId: number;
  code: string;
  name: string;
  type: string;
  riskGrade: number;
  /** 가입 대상 of the version on sale (product_version min_age, max_age, eligible_gender, eligible_regions); absent = anyone. */
  eligibility?: EligibilityRule;
}

export interface Recommendation extends OfferableProduct {
  reason: string;
}

/** Who the recommendation is for, as the eligibility rule needs it, and the Korean calendar date (YYYY-MM-DD). */
export interface EligibilityContext {
  customer: EligibilityFacts;
  today: string;
}

const restricts = (r: EligibilityRule | undefined): r is EligibilityRule =>
  !!r && (r.minAge !== null || r.maxAge !== null || r.eligibleGender !== null || (r.eligibleRegions ?? '').trim() !== '');

/**
 * Whether `p` may be offered: suitable for the propensity, and the customer
 * is within the version's 가입 대상. A product with an eligibility rule is
 * never offered when the customer's facts are not given (fail closed).
 */
export function mayBeOffered(propensity: Propensity | null, p: OfferableProduct, eligibility?: EligibilityContext): boolean {
  if (!checkSuitability(propensity, p.type, p.riskGrade).ok) return false;
  if (!restricts(p.eligibility)) return true;
  return !!eligibility && checkEligibility(p.eligibility, eligibility.customer, eligibility.today).ok;
}

/**
 * First-cut recommendation for the customer 360 page and message
 * personalisation (pure): products on sale that the customer does not hold,
 * may be offered (suitability) and may open (eligibility: age, gender,
 * region), types the customer holds none of first (broadening the
 * relationship), then the riskiest grade the propensity allows (closest
 * fit). The recommendation issue will replace the ranking; suitability and
 * eligibility stay hard filters.
 */
export function recommendProducts(
  propensity: Propensity | null,
  onSale: OfferableProduct[],
  heldProductIds: Set<number>,
  heldTypes: Set<string>,
  limit = 5,
  eligibility?: EligibilityContext,
): Recommendation[] {
  return onSale
    .filter((p) => !heldProductIds.has(p.productId) && mayBeOffered(propensity, p, eligibility))
    .map((p) => ({ p, newType: heldTypes.has(p.type) ? 1 : 0 }))
    .sort((a, b) => a.newType - b.newType || a.p.riskGrade - b.p.riskGrade || a.p.productId - b.p.productId)
    .slice(0, limit)
    .map(({ p, newType }) => ({ ...p, reason: newType === 0 ? 'newType' : 'suitableFit' }));
}
