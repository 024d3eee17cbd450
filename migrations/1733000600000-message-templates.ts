import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message templates and their compliance review (resources/template).
 * A template is a lineage of revisions sharing one name: revision 1 is the
 * first draft; editing an APPROVED revision adds the next revision as a DRAFT
 * (`previous_revision_id` points at it) while the approved one stays in use
 * until its successor is approved. Hence the name is unique per revision.
 * `review_number` is the 심의필 번호; `valid_from`/`valid_until` its period.
 */
export class MessageTemplates1733000600000 implements MigrationInterface {
  name = 'MessageTemplates1733000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE message_template (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      channel ENUM('sms','email','push') NOT NULL,
      kind ENUM('advertising','informational') NOT NULL,
      status ENUM('DRAFT','PENDING','APPROVED','REJECTED','RETIRED') NOT NULL DEFAULT 'DRAFT',
      revision INT UNSIGNED NOT NULL DEFAULT 1,
      previous_revision_id INT UNSIGNED NULL,
      definition JSON NOT NULL,
      problems JSON NULL,
      review_number VARCHAR(40) NULL,
      valid_from DATETIME(3) NULL,
      valid_until DATETIME(3) NULL,
      author_id INT UNSIGNED NULL,
      submitted_at DATETIME(3) NULL,
      approver_id INT UNSIGNED NULL,
      approved_at DATETIME(3) NULL,
      rejection_reason VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY uq_message_template_name (name, revision),
      KEY idx_message_template_status (status),
      CONSTRAINT fk_message_template_previous FOREIGN KEY (previous_revision_id) REFERENCES message_template (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE message_template');
  }
}
