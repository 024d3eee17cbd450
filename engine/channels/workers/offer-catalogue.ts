import type { SqlRunner } from '../delivery/delivery-ledger.js';
import { recommendProducts, type OfferableProduct } from '../../recommendation/recommend-products.js';
import { maxRecommendations } from '../../definitions/template/template-variables.js';
import type { Propensity } from '../../../resources/customer/customer-attributes.js';
import type { EligibilityRule } from '../../recommendation/eligibility.js';
import { seoulDate } from '../../../resources/shared/write-result.js';

/** A product as a message presents it: what decideSend checks, and what the template prints. */
export interface OfferedProduct {
  id: number;
  code: string;
  name: string;
  type: string;
  riskGrade: number;
  onSale: boolean;
  /** The best rate of the version on sale, in basis points; null when it has no rate tiers. */
  bestRateBp: number | null;
  /** 가입 대상 of the version on sale (recommendations never offer a product the customer may not open). */
  eligibility?: EligibilityRule;
}

/**
 * The products on sale, as recommendations and product messages need them, cached for a few seconds: a
 * campaign sends thousands of messages a second, and the catalogue changes a few times a day (a product
 * taken off sale is still caught within `ttlMs`, and by the suitability check on the version's status).
 */
export class OfferCatalogue {
  private cache: { at: number; onSale: Map<number, OfferedProduct> } | null = null;
  private loading: Promise<Map<number, OfferedProduct>> | null = null;

  constructor(
    private readonly db: SqlRunner,
    private readonly productUrl: (code: string) => string,
    private readonly ttlMs = 5000,
  ) {}

  async onSale(now = Date.now()): Promise<Map<number, OfferedProduct>> {
    if (this.cache && now - this.cache.at < this.ttlMs) return this.cache.onSale;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    const onSale = await this.loading;
    this.cache = { at: now, onSale };
    return onSale;
  }

  /** A product by id, on sale or not (a product message names one). */
  async product(id: number): Promise<OfferedProduct | null> {
    const hit = (await this.onSale()).get(id);
    if (hit) return hit;
    const rows: Array<{ id: number; code: string; name: string; type: string; risk_grade: number }> = await this.db.query(
      'SELECT id, code, name, type, risk_grade FROM product WHERE id = ?',
      [id],
    );
    const r = rows[0];
    return r ? { id: Number(r.id), code: r.code, name: r.name, type: r.type, riskGrade: Number(r.risk_grade), onSale: false, bestRateBp: null } : null;
  }

  /** The existing recommendation (suitability-filtered, products not held first by new type), at most the template slot's size. */
  async recommendFor(customerId: number, propensity: Propensity | null): Promise<OfferedProduct[]> {
    const onSale = await this.onSale();
    const held: Array<{ product_id: number; type: string }> = await this.db.query(
      'SELECT h.product_id, p.type FROM holding h JOIN product p ON p.id = h.product_id WHERE h.customer_id = ? AND h.closed_on IS NULL',
      [customerId],
    );
    const [who]: Array<{ birth_date: string | null; gender: 'M' | 'F' | null; region: string | null }> = await this.db.query(
      "SELECT DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date, gender, region FROM customer WHERE id = ?",
      [customerId],
    );
    const offerable: OfferableProduct[] = [...onSale.values()].map((p) => ({
      productId: p.id,
      versionId: 0,
      code: p.code,
      name: p.name,
      type: p.type,
      riskGrade: p.riskGrade,
      eligibility: p.eligibility,
    }));
    const eligibility = { customer: { birthDate: who?.birth_date ?? null, gender: who?.gender ?? null, region: who?.region ?? null }, today: seoulDate(new Date()) };
    const picked = recommendProducts(propensity, offerable, new Set(held.map((h) => Number(h.product_id))), new Set(held.map((h) => h.type)), maxRecommendations, eligibility);
    return picked.map((r) => onSale.get(r.productId)!);
  }

  /** What a template's `recommendations` list holds for a product. */
  templateItem(p: OfferedProduct): { name: string; rateText: string; url: string } {
    return { name: p.name, rateText: p.bestRateBp === null ? '' : `연 ${(p.bestRateBp / 100).toFixed(2)}%`, url: this.productUrl(p.code) };
  }

  private async load(): Promise<Map<number, OfferedProduct>> {
    type Row = { id: number; code: string; name: string; type: string; risk_grade: number; best_bp: number | null };
    type Rule = { min_age: number | null; max_age: number | null; eligible_gender: 'M' | 'F' | null; eligible_regions: string | null };
    const rows: Array<Row & Rule> = await this.db.query(
      `SELECT p.id, p.code, p.name, p.type, p.risk_grade, MAX(t.rate_bp) best_bp,
              MAX(v.min_age) min_age, MIN(v.max_age) max_age, MAX(v.eligible_gender) eligible_gender, MAX(v.eligible_regions) eligible_regions
         FROM product_version v JOIN product p ON p.id = v.product_id LEFT JOIN product_rate_tier t ON t.product_version_id = v.id
        WHERE v.status = 'PUBLISHED' AND p.deleted_at IS NULL
        GROUP BY p.id, p.code, p.name, p.type, p.risk_grade`,
    );
    return new Map(
      rows.map((r) => [
        Number(r.id),
        {
          id: Number(r.id),
          code: r.code,
          name: r.name,
          type: r.type,
          riskGrade: Number(r.risk_grade),
          onSale: true,
          bestRateBp: r.best_bp === null ? null : Number(r.best_bp),
          // The strictest rule among the product's versions on sale (normally one).
          eligibility: {
            minAge: r.min_age === null ? null : Number(r.min_age),
            maxAge: r.max_age === null ? null : Number(r.max_age),
            eligibleGender: r.eligible_gender,
            eligibleRegions: r.eligible_regions,
          },
        },
      ]),
    );
  }
}
