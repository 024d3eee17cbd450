import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read paths of the journey API at volume: one journey's instances listed
 * newest first (journey_id, id), and one instance's messages for its history
 * (instance_id). The write path (wake-ups, entries) does not touch either
 * column, so they cost nothing per step.
 */
export class JourneyReadIndexes1733000500000 implements MigrationInterface {
  name = 'JourneyReadIndexes1733000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE journey_instance ADD KEY idx_instance_journey_id (journey_id, id)');
    await q.query('ALTER TABLE message ADD KEY idx_message_instance (instance_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message DROP KEY idx_message_instance');
    await q.query('ALTER TABLE journey_instance DROP KEY idx_instance_journey_id');
  }
}
