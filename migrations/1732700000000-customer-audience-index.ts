import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A narrow copy of the customer columns segment conditions read, keyed by
 * id (engine/segments/plan-to-sql.ts `audienceIndex`). A live count driven
 * by an event set looks up each candidate customer by id; through the
 * primary key that reads the whole row (encrypted contact details and all,
 * ~660 bytes), through this index ~50 bytes, so the lookups stay in a small
 * buffer pool. On 1M customers: 51 MB, and live count A of the segment
 * benchmark went from 1.9 s to 0.4 s with MariaDB's default 128 MB pool.
 * UNIQUE because id is: the optimizer may then use it like the primary key.
 */
export class CustomerAudienceIndex1732700000000 implements MigrationInterface {
  name = 'CustomerAudienceIndex1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customer ADD UNIQUE KEY idx_customer_audience (
      id, status, region, propensity, risk_grade, birth_date, gender, branch_code,
      consent_sms, consent_email, consent_push, consent_night, assigned_staff_id, tags)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE customer DROP KEY idx_customer_audience');
  }
}
