import type { Connection } from 'mysql2/promise';
import { ConsoleClient } from './console-client.js';
import { api, call, must } from './console-api.js';
import { stamp } from './unique.js';

/**
 * Fresh staff accounts for attacks that lock, re-role or disable them, so
 * the seeded demo accounts other test files log in with stay untouched.
 */
export const accountPassword = 'Attack-pass-2026';

export interface Account {
  id: number;
  email: string;
  password: string;
}

/** Creates an account through the console as `admin` (the real create path). */
export async function createAccount(admin: ConsoleClient, prefix: string, role = 'banker'): Promise<Account> {
  const email = `${prefix}${stamp()}@demo.bank`.toLowerCase();
  const o = must(await call(admin, `${api}/Staff/actions/new`, { email, displayName: prefix, role, password: accountPassword, active: 'true' }), `create ${email}`);
  return { id: Number(o.params.id), email, password: accountPassword };
}

/** Audit rows written after `sinceId` (an id read before the attack). */
export async function auditSince(db: Connection, sinceId: number, where = '1=1', args: unknown[] = []): Promise<any[]> {
  const [rows] = await db.query(`SELECT id, action, record_id, actor_email, ip, detail, diff FROM audit_log WHERE id > ? AND ${where} ORDER BY id`, [sinceId, ...args]);
  return rows as any[];
}

export async function lastAuditId(db: Connection): Promise<number> {
  const [rows] = await db.query('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log');
  return Number((rows as any[])[0].id);
}
