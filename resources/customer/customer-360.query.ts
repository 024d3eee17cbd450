import type { DataSource } from 'typeorm';
import { recommendProducts } from '../../engine/recommendation/recommend-products.js';
import { versionsOnSale } from '../holding/sale-options.query.js';
import { seoulDate } from '../shared/write-result.js';
import type { Propensity } from './customer-attributes.js';
import { reasonText } from '../../admin/messages/message-explain.js';

/**
 * Everything the customer 360 page shows, in one round of indexed queries
 * (each by customer id; none scans). Personal fields of `profile` are masked
 * by the caller according to role.
 */
export async function loadCustomer360(ds: DataSource, customerId: number, now = new Date()) {
  const today = seoulDate(now);
  const [profile] = await ds.query(
    `SELECT c.id, c.customer_no customerNo, c.name, c.name_en nameEn, c.gender, DATE_FORMAT(c.birth_date, '%Y-%m-%d') birthDate,
            c.mobile_masked mobileMasked, c.email_masked emailMasked, c.status, c.region, c.branch_code branchCode, b.name branchName,
            c.segment_label segmentLabel, c.propensity, c.risk_grade riskGrade, c.assigned_staff_id assignedStaffId, s.display_name assignedStaffName,
            c.consent_sms consentSms, c.consent_sms_at consentSmsAt, c.consent_email consentEmail, c.consent_email_at consentEmailAt,
            c.consent_push consentPush, c.consent_push_at consentPushAt, c.consent_night consentNight, c.consent_night_at consentNightAt,
            c.status_changed_at statusChangedAt, c.withdrawn_at withdrawnAt, c.anonymised_at anonymisedAt, c.created_at createdAt
       FROM customer c LEFT JOIN branch b ON b.code = c.branch_code LEFT JOIN staff s ON s.id = c.assigned_staff_id
      WHERE c.id = ?`,
    [customerId],
  );
  if (!profile) return null;
  const [holdings, events, contacts, statusHistory, onSale] = await Promise.all([
    ds.query(
      `SELECT h.id, h.contract_no contractNo, p.id productId, p.code productCode, p.name productName, p.type productType, p.risk_grade riskGrade,
              v.version_no versionNo, h.amount, DATE_FORMAT(h.opened_on, '%Y-%m-%d') openedOn, DATE_FORMAT(h.closed_on, '%Y-%m-%d') closedOn,
              h.branch_code branchCode, s.display_name soldBy
         FROM holding h JOIN product p ON p.id = h.product_id JOIN product_version v ON v.id = h.product_version_id
         LEFT JOIN staff s ON s.id = h.sold_by_staff_id
        WHERE h.customer_id = ? ORDER BY h.closed_on IS NULL DESC, h.opened_on DESC LIMIT 100`,
      [customerId],
    ),
    ds.query(
      `SELECT id, event_id eventId, type, occurred_at occurredAt, properties FROM behaviour_event
        WHERE customer_id = ? ORDER BY occurred_at DESC LIMIT 20`,
      [customerId],
    ),
    ds.query(
      `SELECT cc.id, cc.channel, cc.direction, cc.contacted_at contactedAt, cc.note, s.display_name staffName
         FROM customer_contact cc JOIN staff s ON s.id = cc.staff_id
        WHERE cc.customer_id = ? ORDER BY cc.contacted_at DESC LIMIT 20`,
      [customerId],
    ),
    ds.query(
      `SELECT id, from_status fromStatus, to_status toStatus, reason, actor_email actorEmail, changed_at changedAt
         FROM customer_status_history WHERE customer_id = ? ORDER BY changed_at DESC, id DESC LIMIT 50`,
      [customerId],
    ),
    versionsOnSale(ds, today),
  ]);
  // Current segment memberships (materialised), for roles that may read segments; see customer.resource.ts.
  const segments: Array<{ id: number; name: string; version: number; enteredAt: Date }> = await ds.query(
    `SELECT s.id, s.name, v.version, m.entered_at enteredAt FROM segment_membership m
       JOIN segment s ON s.id = m.segment_id JOIN segment_version v ON v.id = m.version_id
      WHERE m.customer_id = ? ORDER BY m.entered_at DESC LIMIT 50`,
    [customerId],
  );
  const open = (holdings as Array<{ productId: number; productType: string; closedOn: string | null }>).filter((h) => !h.closedOn);
  const recommendations =
    profile.status === 'WITHDRAWN'
      ? []
      : // Suitable and eligible only (age, gender, region on today's Korean date): never a product the customer may not open.
        recommendProducts(profile.propensity as Propensity | null, onSale, new Set(open.map((h) => h.productId)), new Set(open.map((h) => h.productType)), 5, {
          customer: { birthDate: profile.birthDate ?? null, gender: profile.gender ?? null, region: profile.region ?? null },
          today,
        });
  // What was sent to the customer, for roles that may read messages (customer.resource.ts strips it otherwise).
  const messages = await loadCustomerMessages(ds, customerId, 20);
  return { profile, holdings, events, contacts, statusHistory, recommendations, segments, messages };
}

/**
 * The messages sent (or held, or not sent) to one customer, newest first, at
 * most `limit`: the customer 360 page's "받은 메시지" and the messages API's
 * `/api/customers/:id/messages` (idx_message_customer; no scan).
 */
export async function loadCustomerMessages(ds: DataSource, customerId: number, limit = 50) {
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT m.id, m.channel, m.status, m.status_reason statusReason, m.requested_at requestedAt, m.sent_at sentAt, m.delivered_at deliveredAt,
            m.hold_until holdUntil, m.journey_id journeyId, j.name journeyName, m.template_id templateId, t.name templateName
       FROM message m LEFT JOIN journey j ON j.id = m.journey_id LEFT JOIN message_template t ON t.id = COALESCE(m.template_revision_id, m.template_id)
      WHERE m.customer_id = ? ORDER BY m.requested_at DESC, m.id DESC LIMIT ?`,
    [customerId, limit],
  );
  return rows.map((r): Record<string, unknown> => ({ ...r, id: Number(r.id), statusReasonText: reasonText(r.statusReason as string | null) }));
}
