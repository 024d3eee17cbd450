import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments: customer tags; drafts and immutable published versions;
 * materialised membership; and segment_transition, both the membership
 * history and the outbox from which segment.entered / segment.exited are
 * produced to Kafka (a row is written in the same transaction as the
 * membership change, and marked published once Kafka has it).
 *
 * Index changes serve segment evaluation at bank scale: behaviour events by
 * (type, time) carrying customer_id, so "did X at least N times in the last
 * D days" is answered from the index alone; open holdings by customer.
 */
export class Segments1732500000000 implements MigrationInterface {
  name = 'Segments1732500000000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    // Tags as a comma-separated list without spaces, e.g. "vip,salary"; compared exactly.
    await q.query(`ALTER TABLE customer ADD tags VARCHAR(500) NOT NULL DEFAULT '' AFTER segment_label`);
    await q.query(`ALTER TABLE behaviour_event
      DROP KEY idx_behaviour_type_time,
      ADD KEY idx_behaviour_type_time (type, occurred_at, customer_id),
      ADD KEY idx_behaviour_customer_type (customer_id, type, occurred_at)`);

    await q.query(`CREATE TABLE segment (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      description VARCHAR(500) NULL,
      status ENUM('DRAFT','PUBLISHED','ARCHIVED') NOT NULL DEFAULT 'DRAFT',
      draft_graph JSON NULL,
      draft_definition JSON NULL,
      draft_updated_at DATETIME(3) NULL,
      draft_updated_by INT UNSIGNED NULL,
      published_version_id INT UNSIGNED NULL,
      published_version INT UNSIGNED NULL,
      member_count INT UNSIGNED NOT NULL DEFAULT 0,
      refreshed_at DATETIME(3) NULL,
      created_by INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_segment_name (name),
      KEY idx_segment_status (status)
    ) ${table}`);

    await q.query(`CREATE TABLE segment_version (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      segment_id INT UNSIGNED NOT NULL,
      version INT UNSIGNED NOT NULL,
      definition JSON NOT NULL,
      graph JSON NULL,
      published_by INT UNSIGNED NULL,
      published_at DATETIME(3) NOT NULL,
      member_count_at_publish INT UNSIGNED NOT NULL DEFAULT 0,
      UNIQUE KEY uq_segment_version (segment_id, version),
      CONSTRAINT fk_segment_version_segment FOREIGN KEY (segment_id) REFERENCES segment (id)
    ) ${table}`);

    await q.query(`CREATE TABLE segment_membership (
      segment_id INT UNSIGNED NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      version_id INT UNSIGNED NOT NULL,
      entered_at DATETIME(3) NOT NULL,
      PRIMARY KEY (segment_id, customer_id),
      KEY idx_membership_customer (customer_id),
      CONSTRAINT fk_membership_segment FOREIGN KEY (segment_id) REFERENCES segment (id),
      CONSTRAINT fk_membership_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
    ) ${table}`);

    await q.query(`CREATE TABLE segment_transition (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      segment_id INT UNSIGNED NOT NULL,
      version_id INT UNSIGNED NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      kind ENUM('ENTERED','EXITED') NOT NULL,
      cause ENUM('PUBLISH','REFRESH','EVENT','ARCHIVE') NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      published_at DATETIME(3) NULL,
      KEY idx_transition_outbox (published_at, id),
      KEY idx_transition_segment (segment_id, occurred_at),
      KEY idx_transition_customer (customer_id, occurred_at)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['segment_transition', 'segment_membership', 'segment_version', 'segment']) await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE behaviour_event DROP KEY idx_behaviour_customer_type, DROP KEY idx_behaviour_type_time,
      ADD KEY idx_behaviour_type_time (type, occurred_at)`);
    await q.query('ALTER TABLE customer DROP COLUMN tags');
  }
}
