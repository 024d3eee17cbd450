import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: staff accounts, server-side sessions, the audit trail,
 * customers (identifiers only) and behaviour facts from Kafka.
 * Hand-written SQL so reviewers see exactly what reaches the bank's database.
 */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email VARCHAR(190) NOT NULL,
      display_name VARCHAR(100) NOT NULL,
      role ENUM('admin','marketer','compliance','manager','banker') NOT NULL,
      branch_code VARCHAR(20) NULL,
      password_hash VARCHAR(255) NOT NULL,
      active TINYINT(1) NOT NULL DEFAULT 1,
      last_login_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_staff_email (email)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // Column layout required by express-mysql-session (its own table creation is disabled).
    await q.query(`CREATE TABLE sessions (
      session_id VARCHAR(128) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
      expires INT UNSIGNED NOT NULL,
      data MEDIUMTEXT COLLATE utf8mb4_bin,
      KEY idx_sessions_expires (expires)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await q.query(`CREATE TABLE audit_log (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      occurred_at DATETIME(3) NOT NULL,
      action VARCHAR(40) NOT NULL,
      resource VARCHAR(60) NULL,
      record_id VARCHAR(64) NULL,
      actor_id INT UNSIGNED NULL,
      actor_email VARCHAR(190) NULL,
      actor_role VARCHAR(20) NULL,
      ip VARCHAR(64) NULL,
      diff JSON NULL,
      detail VARCHAR(255) NULL,
      KEY idx_audit_resource_record (resource, record_id),
      KEY idx_audit_occurred_at (occurred_at),
      KEY idx_audit_actor (actor_id, occurred_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE customer (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      customer_no VARCHAR(20) NOT NULL,
      status ENUM('ACTIVE','DORMANT','SUSPENDED','WITHDRAWN') NOT NULL DEFAULT 'ACTIVE',
      branch_code VARCHAR(20) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_customer_no (customer_no)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE behaviour_event (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_id VARCHAR(100) NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      customer_no VARCHAR(20) NOT NULL,
      type VARCHAR(64) NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      properties JSON NOT NULL,
      received_at DATETIME(3) NOT NULL,
      source VARCHAR(120) NOT NULL,
      UNIQUE KEY uq_behaviour_event_id (event_id),
      KEY idx_behaviour_customer_time (customer_id, occurred_at),
      KEY idx_behaviour_type_time (type, occurred_at),
      CONSTRAINT fk_behaviour_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE behaviour_event');
    await q.query('DROP TABLE customer');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE sessions');
    await q.query('DROP TABLE staff');
  }
}
