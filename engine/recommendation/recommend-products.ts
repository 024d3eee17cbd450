import type { Propensity } from '../../resources/customer/customer-attributes.js';
import { checkSuitability } from './suitability.js';

export interface OfferableProduct {
  productId: number;
  versionId: number;
  code: string;
  name: string;
  type: string;
  riskGrade: number;
}

export interface Recommendation extends OfferableProduct {
  reason: string;
}

/**
 * First-cut recommendation for the customer 360 page (pure): products on
 * sale that the customer does not hold and is allowed to be offered, types
 * the customer holds none of first (broadening the relationship), then the
 * riskiest grade the propensity allows (closest fit). The recommendation
 * issue will replace the ranking; suitability stays a hard filter.
 */
export function recommendProducts(propensity: Propensity | null, onSale: OfferableProduct[], heldProductIds: Set<number>, heldTypes: Set<string>, limit = 5): Recommendation[] {
  return onSale
    .filter((p) => !heldProductIds.has(p.productId) && checkSuitability(propensity, p.type, p.riskGrade).ok)
    .map((p) => ({ p, newType: heldTypes.has(p.type) ? 1 : 0 }))
    .sort((a, b) => a.newType - b.newType || a.p.riskGrade - b.p.riskGrade || a.p.productId - b.p.productId)
    .slice(0, limit)
    .map(({ p, newType }) => ({ ...p, reason: newType === 0 ? 'newType' : 'suitableFit' }));
}
