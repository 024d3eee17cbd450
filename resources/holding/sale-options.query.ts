import type { DataSource } from 'typeorm';
import { describeEligibility, type EligibilityRule } from '../../engine/recommendation/eligibility.js';
import type { OfferableProduct } from '../../engine/recommendation/recommend-products.js';
import type { Propensity } from '../customer/customer-attributes.js';
import { saleRefusals } from './holding.service.js';

/** A product version on sale: PUBLISHED, within its validity on `today`, of a product not deleted. */
export interface VersionOnSale extends OfferableProduct {
  versionNo: number;
  eligibility: EligibilityRule;
}

/** The versions on sale on `today` (YYYY-MM-DD, Korean calendar), with their 가입 대상; one indexed read of the (small) catalogue. */
export async function versionsOnSale(ds: DataSource, today: string): Promise<VersionOnSale[]> {
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT p.id productId, v.id versionId, v.version_no versionNo, p.code, p.name, p.type, p.risk_grade riskGrade,
            v.min_age minAge, v.max_age maxAge, v.eligible_gender eligibleGender, v.eligible_regions eligibleRegions
       FROM product_version v JOIN product p ON p.id = v.product_id
      WHERE v.status = 'PUBLISHED' AND p.deleted_at IS NULL AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to >= ?)
      ORDER BY p.type, p.name, v.version_no`,
    [today, today],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    productId: Number(r.productId),
    versionId: Number(r.versionId),
    versionNo: Number(r.versionNo),
    code: String(r.code),
    name: String(r.name),
    type: String(r.type),
    riskGrade: Number(r.riskGrade),
    eligibility: {
      minAge: num(r.minAge),
      maxAge: num(r.maxAge),
      eligibleGender: (r.eligibleGender as 'M' | 'F' | null) ?? null,
      eligibleRegions: (r.eligibleRegions as string | null) ?? null,
    },
  }));
}

export interface SaleCustomer {
  id: number;
  customerNo: string;
  name: string;
  status: string;
  propensity: Propensity | null;
  birthDate: string | null;
  gender: 'M' | 'F' | null;
  region: string | null;
  branchCode: string | null;
}

/** One choice of the sale form: a version on sale, and whether this customer may buy it (the reason in both languages when not, so the form follows a language switch). */
export interface SaleChoice {
  versionId: number;
  productId: number;
  productName: string;
  productType: string;
  riskGrade: number;
  versionNo: number;
  ok: boolean;
  kind: 'suitability' | 'eligibility' | null;
  reason: { ko: string; en: string } | null;
  /** 가입 대상 in words ("만 19~34세"), null when anyone may open it. */
  eligibleWho: { ko: string; en: string } | null;
}

export interface SaleOptions {
  customer: { id: number; customerNo: string; name: string; status: string };
  today: string;
  sellerBranch: string | null;
  branches: Array<{ code: string; name: string }>;
  choices: SaleChoice[];
}

/** What the sale form of one customer offers, flagged with the same rules the holding service refuses with. */
export async function loadSaleOptions(ds: DataSource, customerId: number, sellerId: number | null, today: string): Promise<SaleOptions | null> {
  const [c]: SaleCustomer[] = await ds.query(
    `SELECT id, customer_no customerNo, name, status, propensity, DATE_FORMAT(birth_date, '%Y-%m-%d') birthDate, gender, region, branch_code branchCode
       FROM customer WHERE id = ?`,
    [customerId],
  );
  if (!c) return null;
  const [seller]: Array<{ branchCode: string | null }> = sellerId ? await ds.query('SELECT branch_code branchCode FROM staff WHERE id = ?', [sellerId]) : [];
  const branches: Array<{ code: string; name: string }> = await ds.query('SELECT code, name FROM branch ORDER BY code');
  const versions = await versionsOnSale(ds, today);
  const choices = versions.map((v): SaleChoice => {
    const refusal = saleRefusals(c, v.eligibility, v, today);
    const who = describeEligibility(v.eligibility);
    return {
      versionId: v.versionId,
      productId: v.productId,
      productName: v.name,
      productType: v.type,
      riskGrade: v.riskGrade,
      versionNo: v.versionNo,
      ok: !refusal,
      kind: refusal?.type ?? null,
      reason: refusal ? { ko: refusal.ko, en: refusal.en } : null,
      eligibleWho: who,
    };
  });
  return {
    customer: { id: Number(c.id), customerNo: c.customerNo, name: c.name, status: c.status },
    today,
    sellerBranch: seller?.branchCode ?? c.branchCode ?? null,
    branches: branches.map((b) => ({ code: b.code, name: b.name })),
    choices,
  };
}
