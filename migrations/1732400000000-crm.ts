import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CRM back office: customer personal data (contact details encrypted, with
 * keyed hashes for duplicate checks and look-ups), status history, contact
 * log, branches, the product catalogue with versions, rate tiers, disclosure
 * texts, lifecycle transitions, and holdings. Adds the `product` staff role
 * (product managers who maintain the catalogue).
 */
export class Crm1732400000000 implements MigrationInterface {
  name = 'Crm1732400000000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query("ALTER TABLE staff MODIFY role ENUM('admin','marketer','compliance','manager','banker','product') NOT NULL");

    await q.query(`CREATE TABLE branch (
      code VARCHAR(20) NOT NULL PRIMARY KEY,
      name VARCHAR(60) NOT NULL,
      region VARCHAR(20) NOT NULL
    ) ${table}`);

    // mobile_enc/email_enc: AES-256-GCM ciphertext; *_hash: HMAC-SHA256 of the
    // normalised value (duplicate detection and exact look-up without
    // decrypting); *_masked: the only form most screens ever show.
    await q.query(`ALTER TABLE customer
      ADD name VARCHAR(60) NOT NULL DEFAULT '' AFTER customer_no,
      ADD name_en VARCHAR(100) NULL AFTER name,
      ADD gender ENUM('M','F') NULL,
      ADD birth_date DATE NULL,
      ADD mobile_enc VARCHAR(255) NULL,
      ADD mobile_hash CHAR(64) NULL,
      ADD mobile_masked VARCHAR(20) NULL,
      ADD email_enc VARCHAR(512) NULL,
      ADD email_hash CHAR(64) NULL,
      ADD email_masked VARCHAR(190) NULL,
      ADD region VARCHAR(20) NULL,
      ADD segment_label VARCHAR(40) NULL,
      ADD propensity ENUM('STABLE','STABLE_SEEKING','NEUTRAL','ACTIVE','AGGRESSIVE') NULL,
      ADD risk_grade ENUM('LOW','MEDIUM','HIGH') NOT NULL DEFAULT 'LOW',
      ADD assigned_staff_id INT UNSIGNED NULL,
      ADD consent_sms TINYINT(1) NOT NULL DEFAULT 0,
      ADD consent_sms_at DATETIME(3) NULL,
      ADD consent_email TINYINT(1) NOT NULL DEFAULT 0,
      ADD consent_email_at DATETIME(3) NULL,
      ADD consent_push TINYINT(1) NOT NULL DEFAULT 0,
      ADD consent_push_at DATETIME(3) NULL,
      ADD consent_night TINYINT(1) NOT NULL DEFAULT 0,
      ADD consent_night_at DATETIME(3) NULL,
      ADD status_changed_at DATETIME(3) NULL,
      ADD withdrawn_at DATETIME(3) NULL,
      ADD anonymised_at DATETIME(3) NULL,
      ADD UNIQUE KEY uq_customer_mobile_hash (mobile_hash),
      ADD UNIQUE KEY uq_customer_email_hash (email_hash),
      ADD KEY idx_customer_name (name),
      ADD KEY idx_customer_status (status, id),
      ADD KEY idx_customer_region (region, id),
      ADD KEY idx_customer_branch (branch_code, id),
      ADD KEY idx_customer_propensity (propensity, id),
      ADD KEY idx_customer_segment (segment_label, id),
      ADD KEY idx_customer_assigned (assigned_staff_id, id),
      ADD KEY idx_customer_withdrawn (status, withdrawn_at),
      ADD CONSTRAINT fk_customer_assigned_staff FOREIGN KEY (assigned_staff_id) REFERENCES staff (id)`);

    await q.query(`CREATE TABLE customer_status_history (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      customer_id INT UNSIGNED NOT NULL,
      from_status ENUM('ACTIVE','DORMANT','SUSPENDED','WITHDRAWN') NULL,
      to_status ENUM('ACTIVE','DORMANT','SUSPENDED','WITHDRAWN') NOT NULL,
      reason VARCHAR(500) NOT NULL,
      actor_id INT UNSIGNED NULL,
      actor_email VARCHAR(190) NOT NULL,
      changed_at DATETIME(3) NOT NULL,
      KEY idx_status_history_customer (customer_id, changed_at),
      CONSTRAINT fk_status_history_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
    ) ${table}`);

    await q.query(`CREATE TABLE customer_contact (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      customer_id INT UNSIGNED NOT NULL,
      staff_id INT UNSIGNED NOT NULL,
      channel ENUM('PHONE','VISIT','SMS','EMAIL','VIDEO','CHAT') NOT NULL,
      direction ENUM('OUTBOUND','INBOUND') NOT NULL DEFAULT 'OUTBOUND',
      contacted_at DATETIME(3) NOT NULL,
      note VARCHAR(1000) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY idx_contact_customer (customer_id, contacted_at),
      KEY idx_contact_staff (staff_id, contacted_at),
      CONSTRAINT fk_contact_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
      CONSTRAINT fk_contact_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);

    await q.query(`CREATE TABLE product (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      code VARCHAR(30) NOT NULL,
      name VARCHAR(120) NOT NULL,
      type ENUM('DEPOSIT','SAVINGS','LOAN','FUND','INSURANCE','CARD') NOT NULL,
      category VARCHAR(60) NOT NULL,
      tags VARCHAR(255) NULL,
      image_url VARCHAR(500) NULL,
      risk_grade TINYINT UNSIGNED NOT NULL,
      summary VARCHAR(1000) NULL,
      created_by INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      deleted_at DATETIME(3) NULL,
      UNIQUE KEY uq_product_code (code),
      KEY idx_product_type (type, deleted_at),
      CONSTRAINT ck_product_risk_grade CHECK (risk_grade BETWEEN 1 AND 6)
    ) ${table}`);

    // published_product_id is non-NULL only for the published version, so the
    // unique key enforces "exactly one published version per product" in the
    // database itself, whatever the application does.
    await q.query(`CREATE TABLE product_version (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      product_id INT UNSIGNED NOT NULL,
      version_no INT UNSIGNED NOT NULL,
      label VARCHAR(160) NOT NULL,
      status ENUM('DRAFT','PENDING_APPROVAL','APPROVED','PUBLISHED','SUSPENDED','TERMINATED') NOT NULL DEFAULT 'DRAFT',
      valid_from DATE NOT NULL,
      valid_to DATE NULL,
      conditions VARCHAR(2000) NULL,
      author_id INT UNSIGNED NOT NULL,
      last_edited_by INT UNSIGNED NOT NULL,
      approved_by INT UNSIGNED NULL,
      approved_at DATETIME(3) NULL,
      published_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      published_product_id INT UNSIGNED AS (IF(status = 'PUBLISHED', product_id, NULL)) PERSISTENT,
      UNIQUE KEY uq_version_no (product_id, version_no),
      UNIQUE KEY uq_one_published_version (published_product_id),
      KEY idx_version_status (status),
      CONSTRAINT fk_version_product FOREIGN KEY (product_id) REFERENCES product (id),
      CONSTRAINT fk_version_author FOREIGN KEY (author_id) REFERENCES staff (id),
      CONSTRAINT fk_version_approver FOREIGN KEY (approved_by) REFERENCES staff (id)
    ) ${table}`);

    await q.query(`CREATE TABLE product_rate_tier (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      product_version_id INT UNSIGNED NOT NULL,
      term_months_min INT UNSIGNED NOT NULL DEFAULT 0,
      term_months_max INT UNSIGNED NULL,
      amount_min BIGINT UNSIGNED NOT NULL DEFAULT 0,
      amount_max BIGINT UNSIGNED NULL,
      rate_bp INT NOT NULL,
      KEY idx_tier_version (product_version_id),
      CONSTRAINT fk_tier_version FOREIGN KEY (product_version_id) REFERENCES product_version (id) ON DELETE CASCADE
    ) ${table}`);

    await q.query(`CREATE TABLE disclosure (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      product_version_id INT UNSIGNED NOT NULL,
      revision INT UNSIGNED NOT NULL,
      title VARCHAR(200) NOT NULL,
      body TEXT NOT NULL,
      status ENUM('DRAFT','PENDING_REVIEW','APPROVED','SUPERSEDED') NOT NULL DEFAULT 'DRAFT',
      review_no VARCHAR(40) NULL,
      review_valid_from DATE NULL,
      review_valid_to DATE NULL,
      based_on_id INT UNSIGNED NULL,
      author_id INT UNSIGNED NOT NULL,
      last_edited_by INT UNSIGNED NOT NULL,
      approved_by INT UNSIGNED NULL,
      approved_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_disclosure_revision (product_version_id, revision),
      CONSTRAINT fk_disclosure_version FOREIGN KEY (product_version_id) REFERENCES product_version (id),
      CONSTRAINT fk_disclosure_author FOREIGN KEY (author_id) REFERENCES staff (id)
    ) ${table}`);

    await q.query(`CREATE TABLE lifecycle_transition (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      subject_type ENUM('PRODUCT_VERSION','DISCLOSURE') NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      product_id INT UNSIGNED NOT NULL,
      from_status VARCHAR(20) NULL,
      to_status VARCHAR(20) NOT NULL,
      actor_id INT UNSIGNED NULL,
      actor_email VARCHAR(190) NOT NULL,
      comment VARCHAR(1000) NULL,
      occurred_at DATETIME(3) NOT NULL,
      KEY idx_transition_product (product_id, occurred_at),
      KEY idx_transition_subject (subject_type, subject_id)
    ) ${table}`);

    await q.query(`CREATE TABLE holding (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      contract_no VARCHAR(30) NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      product_id INT UNSIGNED NOT NULL,
      product_version_id INT UNSIGNED NOT NULL,
      sold_by_staff_id INT UNSIGNED NULL,
      branch_code VARCHAR(20) NOT NULL,
      amount BIGINT UNSIGNED NOT NULL,
      opened_on DATE NOT NULL,
      closed_on DATE NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_holding_contract (contract_no),
      KEY idx_holding_customer (customer_id),
      KEY idx_holding_product (product_id, opened_on),
      KEY idx_holding_staff (sold_by_staff_id, opened_on),
      KEY idx_holding_branch (branch_code, opened_on),
      CONSTRAINT fk_holding_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
      CONSTRAINT fk_holding_product FOREIGN KEY (product_id) REFERENCES product (id),
      CONSTRAINT fk_holding_version FOREIGN KEY (product_version_id) REFERENCES product_version (id),
      CONSTRAINT fk_holding_staff FOREIGN KEY (sold_by_staff_id) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['holding', 'lifecycle_transition', 'disclosure', 'product_rate_tier', 'product_version', 'product', 'customer_contact', 'customer_status_history', 'branch']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`ALTER TABLE customer DROP FOREIGN KEY fk_customer_assigned_staff`);
    await q.query(`ALTER TABLE customer
      DROP COLUMN name, DROP COLUMN name_en, DROP COLUMN gender, DROP COLUMN birth_date,
      DROP COLUMN mobile_enc, DROP COLUMN mobile_hash, DROP COLUMN mobile_masked,
      DROP COLUMN email_enc, DROP COLUMN email_hash, DROP COLUMN email_masked,
      DROP COLUMN region, DROP COLUMN segment_label, DROP COLUMN propensity, DROP COLUMN risk_grade,
      DROP COLUMN assigned_staff_id, DROP COLUMN consent_sms, DROP COLUMN consent_sms_at,
      DROP COLUMN consent_email, DROP COLUMN consent_email_at, DROP COLUMN consent_push, DROP COLUMN consent_push_at,
      DROP COLUMN consent_night, DROP COLUMN consent_night_at, DROP COLUMN status_changed_at,
      DROP COLUMN withdrawn_at, DROP COLUMN anonymised_at`);
    await q.query("ALTER TABLE staff MODIFY role ENUM('admin','marketer','compliance','manager','banker') NOT NULL");
  }
}
