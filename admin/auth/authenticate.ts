import type { DataSource } from 'typeorm';
import { Staff } from '../../resources/staff/staff.entity.js';
import { verifyPassword, hashPassword } from '../../resources/staff/password.util.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import type { LoginThrottle } from './login-throttle.js';

/** What AdminJS keeps in the session as `currentAdmin`. */
export interface SessionStaff {
  id: number;
  email: string;
  role: string;
  title: string;
  branchCode: string | null;
}

export type LoginOutcome =
  | { ok: true; staff: SessionStaff }
  | { ok: false; reason: 'invalidCredentials' | 'loginLocked' | 'accountDisabled'; retryAfterSeconds?: number };

// Verifying against a real hash when the account does not exist keeps the
// response time the same, so timing does not reveal which e-mails exist.
const dummyHash = hashPassword('timing-equaliser-not-a-password');

/**
 * Checks a login attempt: throttle, credentials, account state. Every
 * outcome is written to the audit log with the typed e-mail and the IP.
 */
export async function authenticateStaff(
  ds: DataSource,
  throttle: LoginThrottle,
  input: { email: unknown; password: unknown; ip: string },
): Promise<LoginOutcome> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 190) : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const actor = { id: null, email: email || '(empty)', role: null, ip: input.ip };

  const throttleState = await throttle.state(email, input.ip);
  if (throttleState.locked) {
    await writeAudit(ds.manager, { action: 'login.failure', resource: 'Staff', detail: 'locked: too many failed attempts', actor });
    return { ok: false, reason: 'loginLocked', retryAfterSeconds: throttleState.retryAfterSeconds };
  }

  const staff = email
    ? await ds.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.email = :email', { email }).getOne()
    : null;
  const valid = staff ? await verifyPassword(password, staff.passwordHash) : (await verifyPassword(password, await dummyHash), false);
  if (!staff || !valid) {
    await throttle.recordFailure(email, input.ip);
    await writeAudit(ds.manager, { action: 'login.failure', resource: 'Staff', recordId: staff?.id ?? null, detail: 'invalid credentials', actor });
    return { ok: false, reason: 'invalidCredentials' };
  }
  if (!staff.active) {
    await writeAudit(ds.manager, { action: 'login.failure', resource: 'Staff', recordId: staff.id, detail: 'account disabled', actor });
    return { ok: false, reason: 'accountDisabled' };
  }

  await throttle.clearAccount(email);
  // Raw update: a login is recorded as login.success, not as an edit of the staff record.
  await ds.query('UPDATE staff SET last_login_at = ? WHERE id = ?', [new Date(), staff.id]);
  await writeAudit(ds.manager, {
    action: 'login.success', resource: 'Staff', recordId: staff.id,
    actor: { id: staff.id, email: staff.email, role: staff.role, ip: input.ip },
  });
  return {
    ok: true,
    staff: { id: staff.id, email: staff.email, role: staff.role, title: staff.displayName, branchCode: staff.branchCode },
  };
}
