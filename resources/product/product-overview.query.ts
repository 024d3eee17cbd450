import type { DataSource } from 'typeorm';

/** The product page: every version with its rate table and disclosures, and the full transition history. */
export async function loadProductOverview(ds: DataSource, productId: number) {
  const versions: Array<Record<string, unknown>> = await ds.query(
    `SELECT v.id, v.version_no versionNo, v.status, DATE_FORMAT(v.valid_from, '%Y-%m-%d') validFrom, DATE_FORMAT(v.valid_to, '%Y-%m-%d') validTo,
            v.conditions, a.display_name author, ap.display_name approver, v.approved_at approvedAt, v.published_at publishedAt
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
    versions: versions.map((v) => ({ ...v, tiers: tiers.filter((t) => t.versionId === v.id), disclosures: disclosures.filter((d) => d.versionId === v.id) })),
    transitions,
  };
}
