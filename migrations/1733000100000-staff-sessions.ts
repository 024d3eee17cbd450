import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login and sessions (admin/auth):
 *
 * - `staff.sessions_valid_from`: sessions opened before it are ended at
 *   their next request. A password change or reset, a role change or a
 *   deactivation sets it, so every other session of the account ends at once.
 * - Staff e-mails are brought to their normal form (resources/staff/staff-email.ts:
 *   NFC, trimmed, lower-case), which the login compares exactly. The column
 *   keeps utf8mb4_unicode_ci so that its unique key still refuses accounts
 *   that differ only by case, accents or ignorable characters. Normalising
 *   an e-mail never collides: the unique key already held the normal form and
 *   the original equal.
 */
export class StaffSessions1733000100000 implements MigrationInterface {
  name = 'StaffSessions1733000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff ADD COLUMN sessions_valid_from DATETIME(3) NULL AFTER last_login_at');
    const rows: Array<{ id: number; email: string }> = await q.query('SELECT id, email FROM staff');
    for (const { id, email } of rows) {
      const normal = email.normalize('NFC').trim().toLowerCase();
      if (normal !== email) await q.query('UPDATE staff SET email = ? WHERE id = ?', [normal, id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff DROP COLUMN sessions_valid_from');
  }
}
