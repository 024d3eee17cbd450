import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The landing page counts the behaviour events received in the last 24
 * hours; without an index on `received_at` that is a scan of the whole table
 * (12.6 s over 10 million events in `npm run bench:pages`). With it, a range
 * over one day's events.
 */
export class DashboardIndexes1733001000000 implements MigrationInterface {
  name = 'DashboardIndexes1733001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE behaviour_event ADD KEY idx_behaviour_received_at (received_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE behaviour_event DROP KEY idx_behaviour_received_at');
  }
}
