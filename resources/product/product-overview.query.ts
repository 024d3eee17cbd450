import type { DataSource } from 'typeorm';
import { describeEligibility, type EligibilityRule } from '../../engine/recommendation/eligibility.js';

/** The product page: every version with its rate table and disclosures, and the full transition history. */
export async function loadProductOverview(ds: DataSource, productId: number) {
  const versions: Array<Record<string, unknown>> = await ds.query(
    `SELECT v.id, v.version_no versionNo, v.status, DATE_FORMAT(v.valid_from, '%Y-%m-%d') validFrom, DATE_FORMAT(v.valid_to, '%Y-%m-%d') validTo,
            v.conditions, v.min_age minAge, v.max_age maxAge, v.eligible_gender eligibleGender, v.eligible_regions eligibleRegions, a.display_name author, ap.display_name approver, v.approved_at approvedAt, v.published_at publishedAt
       FROM product_version v JOIN staff a ON a.id = v.author_id LEFT JOIN staff ap ON ap.id = v.approved_by
      WHERE v.product_id = ? ORDER BY v.version_no DESC`,
    [productId],
  );
  const ids = versions.map((v) => v.id);
  const tiers: Array<Record<string, unknown>> = ids.length
    ? await ds.query(
        `SELECT id, product_version_id versionId, term_months_min termMonthsMin, term_months_max termMonthsMax, amount_min amountMin, amount_max amountMax, rate_bp rateBp
         FROM product_rate_tier WHERE product_version_id IN (?) ORDER BY term_months_min, amount_min`,
        [ids],
      )
    : [];
  const disclosures: Array<Record<string, unknown>> = ids.length
    ? await ds.query(
        `SELECT d.id, d.product_version_id versionId, d.revision, d.title, d.status, d.review_no reviewNo,
              DATE_FORMAT(d.review_valid_from, '%Y-%m-%d') reviewValidFrom, DATE_FORMAT(d.review_valid_to, '%Y-%m-%d') reviewValidTo
         FROM disclosure d WHERE d.product_version_id IN (?) ORDER BY d.revision DESC`,
        [ids],
      )
    : [];
  const transitions = await ds.query(
    `SELECT t.id, t.subject_type subjectType, t.subject_id subjectId, t.from_status fromStatus, t.to_status toStatus,
            t.actor_email actorEmail, t.comment, t.occurred_at occurredAt,
            COALESCE(v.version_no, dv.version_no) versionNo, d.revision
       FROM lifecycle_transition t
       LEFT JOIN product_version v ON t.subject_type = 'PRODUCT_VERSION' AND v.id = t.subject_id
       LEFT JOIN disclosure d ON t.subject_type = 'DISCLOSURE' AND d.id = t.subject_id
       LEFT JOIN product_version dv ON dv.id = d.product_version_id
      WHERE t.product_id = ? ORDER BY t.occurred_at DESC, t.id DESC LIMIT 200`,
    [productId],
  );
  return {
    versions: versions.map((v) => ({
      ...v,
      eligibility: describeEligibility(v as unknown as EligibilityRule),
      tiers: tiers.filter((t) => t.versionId === v.id),
      disclosures: disclosures.filter((d) => d.versionId === v.id),
    })),
    transitions,
  };
}

/** One version's page: its facts, eligibility (described in both languages), rate table and disclosure revisions. */
export async function loadVersionOverview(ds: DataSource, versionId: number) {
  const [v] = (await ds.query(
    `SELECT v.id, v.product_id productId, p.name productName, p.type productType, v.version_no versionNo, v.status,
            DATE_FORMAT(v.valid_from, '%Y-%m-%d') validFrom, DATE_FORMAT(v.valid_to, '%Y-%m-%d') validTo, v.conditions,
            v.min_age minAge, v.max_age maxAge, v.eligible_gender eligibleGender, v.eligible_regions eligibleRegions,
            a.display_name author, e.display_name lastEditor, ap.display_name approver, v.approved_at approvedAt, v.published_at publishedAt
       FROM product_version v JOIN product p ON p.id = v.product_id
       LEFT JOIN staff a ON a.id = v.author_id LEFT JOIN staff e ON e.id = v.last_edited_by LEFT JOIN staff ap ON ap.id = v.approved_by
      WHERE v.id = ?`,
    [versionId],
  )) as Array<Record<string, unknown>>;
  if (!v) return null;
  const tiers = await ds.query(
    `SELECT id, term_months_min termMonthsMin, term_months_max termMonthsMax, amount_min amountMin, amount_max amountMax, rate_bp rateBp
       FROM product_rate_tier WHERE product_version_id = ? ORDER BY term_months_min, amount_min`,
    [versionId],
  );
  const disclosures = await ds.query(
    `SELECT id, revision, title, status, review_no reviewNo, DATE_FORMAT(review_valid_from, '%Y-%m-%d') reviewValidFrom, DATE_FORMAT(review_valid_to, '%Y-%m-%d') reviewValidTo
       FROM disclosure WHERE product_version_id = ? ORDER BY revision DESC`,
    [versionId],
  );
  return { version: { ...v, eligibility: describeEligibility(v as unknown as EligibilityRule) }, tiers, disclosures };
}
