import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journey runtime (engine/journeys):
 *
 * - `journey`: the marketer's journey with its draft and lifecycle status.
 *   The approval workflow arrives later and slots in as a status between
 *   DRAFT and PUBLISHED (PENDING_APPROVAL), so statuses are an ENUM that can
 *   grow. The entry of the published version is copied onto the row
 *   (`entry_type`, `entry_event_type`, `entry_segment_id`) so routing an
 *   event or a segment transition needs no JSON read.
 * - `journey_version`: immutable published definitions; instances keep theirs.
 * - `journey_instance`: one customer's run. `active` is 1 while it runs and
 *   NULL once it ended, so the unique key (journey, customer, active) allows
 *   any number of ended instances but never two running ones. `entry_key`
 *   (the event id, the segment transition, the schedule firing, the API
 *   request id) is unique per journey, so a replayed trigger starts nothing
 *   twice. Waits live here: `due_at` is indexed, the scheduler moves due rows
 *   into Bull in batches and stamps `wake_queued_at`; Redis never holds the
 *   waiting population.
 * - `journey_step`: every block entered (when, which visit, why); unique per
 *   (instance, block, visit), the same triple that keys every command.
 * - `message`: one row per send request, unique by its idempotency key, the
 *   channel queues' source of truth (the reconciler re-enqueues from here).
 */
export class Journeys1733000300000 implements MigrationInterface {
  name = 'Journeys1733000300000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE journey (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      description VARCHAR(500) NULL,
      status ENUM('DRAFT','PUBLISHED','PAUSED','ARCHIVED') NOT NULL DEFAULT 'DRAFT',
      draft_definition JSON NULL,
      draft_layout JSON NULL,
      draft_updated_at DATETIME(3) NULL,
      draft_updated_by INT UNSIGNED NULL,
      published_version_id INT UNSIGNED NULL,
      published_version INT UNSIGNED NULL,
      entry_type VARCHAR(20) NULL,
      entry_event_type VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
      entry_segment_id INT UNSIGNED NULL,
      status_changed_at DATETIME(3) NULL,
      status_reason VARCHAR(255) NULL,
      created_by INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_journey_name (name),
      KEY idx_journey_status (status),
      KEY idx_journey_entry (status, entry_type, entry_event_type),
      KEY idx_journey_entry_segment (entry_segment_id)
    ) ${table}`);

    await q.query(`CREATE TABLE journey_version (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      journey_id INT UNSIGNED NOT NULL,
      version INT UNSIGNED NOT NULL,
      definition JSON NOT NULL,
      layout JSON NULL,
      published_by INT UNSIGNED NULL,
      published_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_journey_version (journey_id, version),
      CONSTRAINT fk_journey_version_journey FOREIGN KEY (journey_id) REFERENCES journey (id)
    ) ${table}`);

    await q.query(`CREATE TABLE journey_instance (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      journey_id INT UNSIGNED NOT NULL,
      version_id INT UNSIGNED NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      customer_no VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      active TINYINT UNSIGNED NULL DEFAULT 1,
      node_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      waiting_kind VARCHAR(16) NULL,
      state JSON NOT NULL,
      due_at DATETIME(3) NULL,
      wake_queued_at DATETIME(3) NULL,
      entry_kind VARCHAR(20) NOT NULL,
      entry_key VARCHAR(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      entered_at DATETIME(3) NOT NULL,
      ended_at DATETIME(3) NULL,
      end_reason VARCHAR(20) NULL,
      error_code VARCHAR(64) NULL,
      converted TINYINT(1) NOT NULL DEFAULT 0,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_instance_active (journey_id, customer_id, active),
      UNIQUE KEY uq_instance_entry (journey_id, entry_key),
      KEY idx_instance_due (wake_queued_at, due_at),
      KEY idx_instance_customer (customer_id, active),
      KEY idx_instance_version_node (version_id, active, node_id),
      KEY idx_instance_journey_entered (journey_id, customer_id, entered_at)
    ) ${table}`);

    await q.query(`CREATE TABLE journey_step (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      instance_id BIGINT UNSIGNED NOT NULL,
      version_id INT UNSIGNED NOT NULL,
      node_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      node_type VARCHAR(20) NOT NULL,
      visit INT UNSIGNED NOT NULL,
      cause VARCHAR(80) NOT NULL,
      entered_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_step_visit (instance_id, node_id, visit),
      KEY idx_step_version_node (version_id, node_id)
    ) ${table}`);

    await q.query(`CREATE TABLE message (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      idempotency_key VARCHAR(191) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      channel ENUM('sms','email','push') NOT NULL,
      template_id INT UNSIGNED NOT NULL,
      customer_id INT UNSIGNED NOT NULL,
      journey_id INT UNSIGNED NULL,
      version_id INT UNSIGNED NULL,
      instance_id BIGINT UNSIGNED NULL,
      node_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
      status ENUM('QUEUED','HELD','SENT','DELIVERED','FAILED','SUPPRESSED') NOT NULL DEFAULT 'QUEUED',
      status_reason VARCHAR(255) NULL,
      requested_at DATETIME(3) NOT NULL,
      enqueued_at DATETIME(3) NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_message_idempotency (idempotency_key),
      KEY idx_message_status (status, enqueued_at),
      KEY idx_message_customer (customer_id, requested_at),
      KEY idx_message_journey (journey_id, node_id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['message', 'journey_step', 'journey_instance', 'journey_version', 'journey']) await q.query(`DROP TABLE ${t}`);
  }
}
