import type { DataSource } from 'typeorm';
import { Staff } from '../../resources/staff/staff.entity.js';
import { normaliseStaffEmail } from '../../resources/staff/staff-email.js';
import { verifyPassword, hashPassword } from '../../resources/staff/password.util.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import type { LoginThrottle } from './login-throttle.js';
import { maskedIdentifier } from './login-identifier.js';

/** What AdminJS keeps in the session as `currentAdmin`. */
export interface SessionStaff {
  id: number;
  email: string;
  role: string;
  title: string;
  branchCode: string | null;
  /** When this session logged in (ms since epoch): compared with the account's `sessionsValidFrom`. */
  loginAt: number;
}

export type LoginOutcome = { ok: true; staff: SessionStaff } | { ok: false; reason: 'invalidCredentials' | 'loginLocked' | 'accountDisabled'; retryAfterSeconds?: number };

// Verifying against a real hash when the account does not exist keeps the
// response time the same, so timing does not reveal which e-mails exist.
const dummyHash = hashPassword('timing-equaliser-not-a-password');

/** Longer than any stored e-mail (190): not an account, and not worth normalising further. */
const maxTyped = 320;

/**
 * The account a typed e-mail names: the one whose stored (normal-form)
 * e-mail equals the typed e-mail's normal form exactly. The indexed look-up
 * uses the column's collation, which also matches look-alikes (other case
 * of accented letters, zero-width characters); the exact comparison after it
 * refuses those, so a look-alike never reaches an account (and so never
 * needs a counter of its own).
 */
async function accountFor(ds: DataSource, normal: string): Promise<Staff | null> {
  if (!normal || normal.length > 190) return null;
  const row = await ds.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.email = :email', { email: normal }).getOne();
  return row && row.email === normal ? row : null;
}

/**
 * Checks a login attempt: account look-up, throttle (an attempt is counted
 * before the password is), credentials, account state. Every outcome is in
 * the audit log with the IP; a failure names the account (id and stored
 * e-mail) when the identifier matched one, otherwise only a masked form of
 * what was typed (login-identifier.ts).
 */
export async function authenticateStaff(
  ds: DataSource,
  throttle: LoginThrottle,
  input: { email: unknown; password: unknown; ip: string; identifierKey: string | Buffer },
): Promise<LoginOutcome> {
  const typed = typeof input.email === 'string' ? input.email.slice(0, maxTyped) : '';
  const normal = normaliseStaffEmail(typed);
  const password = typeof input.password === 'string' ? input.password : '';
  const staff = await accountFor(ds, normal);
  const actor = { id: null, email: staff ? staff.email : maskedIdentifier(normal, input.identifierKey), role: null, ip: input.ip };
  const failure = (detail: string) => writeAudit(ds.manager, { action: 'login.failure', resource: 'Staff', recordId: staff?.id ?? null, detail, actor });

  const reservation = await throttle.reserve(normal, input.ip);
  if (!reservation.granted) {
    await failure('locked: too many failed attempts');
    return { ok: false, reason: 'loginLocked', retryAfterSeconds: reservation.retryAfterSeconds };
  }

  const valid = staff ? await verifyPassword(password, staff.passwordHash) : (await verifyPassword(password, await dummyHash), false);
  if (!staff || !valid) {
    await failure('invalid credentials');
    return { ok: false, reason: 'invalidCredentials' };
  }
  await throttle.succeeded(normal, input.ip);
  if (!staff.active) {
    await failure('account disabled');
    return { ok: false, reason: 'accountDisabled' };
  }

  const now = new Date();
  // Raw update: a login is recorded as login.success, not as an edit of the staff record.
  await ds.query('UPDATE staff SET last_login_at = ? WHERE id = ?', [now, staff.id]);
  await writeAudit(
    ds.manager,
    {
      action: 'login.success',
      resource: 'Staff',
      recordId: staff.id,
      actor: { id: staff.id, email: staff.email, role: staff.role, ip: input.ip },
    },
    now,
  );
  return {
    ok: true,
    staff: { id: staff.id, email: staff.email, role: staff.role, title: staff.displayName, branchCode: staff.branchCode, loginAt: now.getTime() },
  };
}
