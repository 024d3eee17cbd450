import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery ledger (engine/channels/delivery/delivery-ledger.ts) on the `message` row:
 *
 * - status `SENDING`: a worker claimed the row and is about to submit (or has submitted) it;
 * - `attempt_count`: claims so far (a resubmission after an ambiguous claim counts too);
 * - `claim_token`, `claimed_at`: who claimed it and when (the database's clock), so a stale claim is
 *   recognised and taken over by exactly one worker;
 * - `provider_message_id`, `sent_at`: the gateway's id for the message (SMPP message_id, SMTP Message-ID,
 *   FCM name), recorded with `SENT` in one statement once the gateway accepted it.
 *
 * `SENDING` is appended to the ENUM, so the change is in place (no table rebuild).
 */
export class MessageDelivery1733000700000 implements MigrationInterface {
  name = 'MessageDelivery1733000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message
      MODIFY status ENUM('QUEUED','HELD','SENT','DELIVERED','FAILED','SUPPRESSED','SENDING') NOT NULL DEFAULT 'QUEUED',
      ADD COLUMN attempt_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      ADD COLUMN claim_token CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
      ADD COLUMN claimed_at DATETIME(3) NULL,
      ADD COLUMN provider_message_id VARCHAR(191) CHARACTER SET ascii COLLATE ascii_bin NULL,
      ADD COLUMN sent_at DATETIME(3) NULL,
      ADD KEY idx_message_claim (status, claimed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE message SET status = 'QUEUED' WHERE status = 'SENDING'`);
    await q.query(`ALTER TABLE message
      DROP KEY idx_message_claim,
      DROP COLUMN sent_at,
      DROP COLUMN provider_message_id,
      DROP COLUMN claimed_at,
      DROP COLUMN claim_token,
      DROP COLUMN attempt_count,
      MODIFY status ENUM('QUEUED','HELD','SENT','DELIVERED','FAILED','SUPPRESSED') NOT NULL DEFAULT 'QUEUED'`);
  }
}
