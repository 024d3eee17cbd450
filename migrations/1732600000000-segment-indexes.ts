import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holding conditions of segments are checked per customer (EXISTS on the
 * customer's holdings); this index answers them without reading the rows:
 * product, open or closed, opened when, amount. It replaces the plain
 * customer_id index (the foreign key uses the new one).
 */
export class SegmentIndexes1732600000000 implements MigrationInterface {
  name = 'SegmentIndexes1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holding
      ADD KEY idx_holding_customer_product (customer_id, product_id, closed_on, opened_on, amount),
      DROP KEY idx_holding_customer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE holding ADD KEY idx_holding_customer (customer_id), DROP KEY idx_holding_customer_product');
  }
}
