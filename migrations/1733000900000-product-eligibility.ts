import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 가입 대상 (eligibility) of a product version: who may open it, checked when a
 * holding is opened and before a product is recommended
 * (engine/recommendation/eligibility.ts). NULL means no restriction:
 * `min_age` / `max_age` (만 나이, inclusive, on the Korean calendar day of
 * the sale), `eligible_gender` (e.g. a women-only savings plan) and
 * `eligible_regions` (comma-separated 시·도 codes of resources/customer/customer-attributes.ts,
 * for a regional product).
 */
export class ProductEligibility1733000900000 implements MigrationInterface {
  name = 'ProductEligibility1733000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE product_version
      ADD COLUMN min_age TINYINT UNSIGNED NULL,
      ADD COLUMN max_age TINYINT UNSIGNED NULL,
      ADD COLUMN eligible_gender ENUM('M','F') NULL,
      ADD COLUMN eligible_regions VARCHAR(400) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE product_version DROP COLUMN min_age, DROP COLUMN max_age, DROP COLUMN eligible_gender, DROP COLUMN eligible_regions');
  }
}
