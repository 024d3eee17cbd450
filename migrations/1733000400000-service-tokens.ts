import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `service_token`: bearer tokens of bank systems (machines, never staff) that
 * start API-entry journeys through `POST /service-api/journeys/:id/start`.
 *
 * - `token_prefix`: 8 random hex characters naming the token; stored in
 *   clear, shown in the console and the audit log, and how a presented token
 *   finds its row (unique).
 * - `token_hash`: SHA-256 (hex) of the token's 256-bit random secret; the
 *   secret itself is shown once at issue and stored nowhere. A fast hash is
 *   right for a high-entropy random secret, unlike a password: nobody can
 *   guess likely values of 256 random bits, so a slow, salted KDF would buy
 *   nothing but CPU per call (see resources/service-token/service-token.rules.ts).
 * - `journey_ids`: the token's scope, a JSON array of journey ids.
 * - `revoked_at`: set once revoked (kept for the audit trail, never reused).
 */
export class ServiceTokens1733000400000 implements MigrationInterface {
  name = 'ServiceTokens1733000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE service_token (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      token_prefix CHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      journey_ids JSON NOT NULL,
      created_by INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      revoked_at DATETIME(3) NULL,
      last_used_at DATETIME(3) NULL,
      UNIQUE KEY uq_service_token_prefix (token_prefix)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE service_token');
  }
}
