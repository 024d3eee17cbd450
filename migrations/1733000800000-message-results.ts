import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happened to a message after it was queued, and why (engine/channels):
 *
 * - `message`: `hold_until` (a night-time hold's release), `template_revision_id` (the approved revision
 *   actually rendered), `recipient_masked` (the address used, masked), `gateway_response` (the gateway's
 *   last answer, codes only), `delivered_at` / `opened_at` / `clicked_at` / `converted_at` (the first of
 *   each), `render_meta` (SMS type, bytes, encoding; never the text). `idx_message_provider` finds a
 *   message from a delivery receipt; `idx_message_held` finds held messages due for release.
 * - `message_decision`: every send-time decision (a message held at 21:00 and sent at 08:00 has two), with
 *   each rule's check and the consent state it was taken on — "why did this customer get this message".
 * - `recommendation_record`: what was recommended (권유) to whom, on which suitability profile, under
 *   which rules (금융소비자보호법 제17조, 제28조). Kept `retain_until` (10 years) even after the customer
 *   is anonymised: no foreign key, no cascade.
 * - `message_click`: each followed tracked link (link id, never the URL).
 * - `customer_device`: the app installations a push goes to (FCM registration tokens).
 * - `customer.propensity_assessed_at`: when the 투자성향 was last assessed; a product recommendation needs a
 *   current one (SUITABILITY_VALIDITY_DAYS). Existing assessments are dated from the row's last change.
 */
export class MessageResults1733000800000 implements MigrationInterface {
  name = 'MessageResults1733000800000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`ALTER TABLE message
      ADD COLUMN hold_until DATETIME(3) NULL,
      ADD COLUMN template_revision_id INT UNSIGNED NULL,
      ADD COLUMN recipient_masked VARCHAR(190) NULL,
      ADD COLUMN gateway_response VARCHAR(255) NULL,
      ADD COLUMN render_meta JSON NULL,
      ADD COLUMN delivered_at DATETIME(3) NULL,
      ADD COLUMN opened_at DATETIME(3) NULL,
      ADD COLUMN clicked_at DATETIME(3) NULL,
      ADD COLUMN converted_at DATETIME(3) NULL,
      ADD KEY idx_message_provider (channel, provider_message_id),
      ADD KEY idx_message_held (status, hold_until)`);
    await q.query('ALTER TABLE customer ADD COLUMN propensity_assessed_at DATETIME(3) NULL');
    await q.query('UPDATE customer SET propensity_assessed_at = updated_at, updated_at = updated_at WHERE propensity IS NOT NULL');
    await q.query(`CREATE TABLE message_decision (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_id BIGINT UNSIGNED NOT NULL,
      decided_at DATETIME(3) NOT NULL,
      outcome ENUM('send','hold','suppress') NOT NULL,
      reason VARCHAR(64) NULL,
      hold_until DATETIME(3) NULL,
      rule_version VARCHAR(40) NOT NULL,
      checks JSON NOT NULL,
      consents JSON NOT NULL,
      KEY idx_decision_message (message_id, id)
    ) ${table}`);
    await q.query(`CREATE TABLE recommendation_record (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_id BIGINT UNSIGNED NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      product_id INT UNSIGNED NOT NULL,
      product_type VARCHAR(20) NOT NULL,
      risk_grade TINYINT UNSIGNED NOT NULL,
      suitability_applies TINYINT(1) NOT NULL,
      propensity VARCHAR(20) NULL,
      propensity_assessed_at DATETIME(3) NULL,
      rule_version VARCHAR(40) NOT NULL,
      decided_at DATETIME(3) NOT NULL,
      retain_until DATE NOT NULL,
      UNIQUE KEY uq_recommendation_message_product (message_id, product_id),
      KEY idx_recommendation_customer (customer_id, decided_at)
    ) ${table}`);
    await q.query(`CREATE TABLE message_click (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_id BIGINT UNSIGNED NOT NULL,
      link_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      clicked_at DATETIME(3) NOT NULL,
      KEY idx_click_message (message_id, clicked_at)
    ) ${table}`);
    await q.query(`CREATE TABLE customer_device (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      customer_id INT UNSIGNED NOT NULL,
      platform ENUM('android','ios','web') NOT NULL,
      token VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      registered_at DATETIME(3) NOT NULL,
      last_seen_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_device_token (token),
      KEY idx_device_customer (customer_id, last_seen_at)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['customer_device', 'message_click', 'recommendation_record', 'message_decision']) await q.query(`DROP TABLE ${t}`);
    await q.query('ALTER TABLE customer DROP COLUMN propensity_assessed_at');
    await q.query(`ALTER TABLE message
      DROP KEY idx_message_held, DROP KEY idx_message_provider,
      DROP COLUMN converted_at, DROP COLUMN clicked_at, DROP COLUMN opened_at, DROP COLUMN delivered_at,
      DROP COLUMN render_meta, DROP COLUMN gateway_response, DROP COLUMN recipient_masked,
      DROP COLUMN template_revision_id, DROP COLUMN hold_until`);
  }
}
