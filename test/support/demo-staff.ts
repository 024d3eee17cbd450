import type { Connection } from 'mysql2/promise';
import { ConsoleClient } from './console-client.js';
import { testDb } from './db.js';
import { testEnv } from './test-env.js';

/** The seeded demo staff (`<role>@demo.bank`): logged-in clients per role, and staff ids by e-mail prefix. */

/** A client logged in as `<role>@demo.bank`. */
export const logIn = (role: string) => ConsoleClient.loggedIn(`${role}@demo.bank`, testEnv.demoPassword);

/** Logs in each of `roles` as `<role>@demo.bank`, in parallel. */
export async function logInRoles<R extends string>(roles: readonly R[]): Promise<Record<R, ConsoleClient>> {
  const clients = await Promise.all(roles.map(logIn));
  return Object.fromEntries(roles.map((role, i) => [role, clients[i]!])) as Record<R, ConsoleClient>;
}

/** Every demo staff member's id, keyed by the part of the e-mail before the @ (`banker`, `compliance2`, ...). */
export async function demoStaffIds(db: Connection): Promise<Record<string, number>> {
  const [rows] = await db.query("SELECT id, email FROM staff WHERE email LIKE '%@demo.bank'");
  return Object.fromEntries((rows as Array<{ id: number; email: string }>).map((r) => [r.email.split('@')[0]!, Number(r.id)]));
}

/** A test file's usual start: the test database, and `role` logged in with its staff id. */
export async function sessionAs(role: string): Promise<{ db: Connection; client: ConsoleClient; staffId: number }> {
  const db = await testDb();
  const [client, ids] = await Promise.all([logIn(role), demoStaffIds(db)]);
  return { db, client, staffId: ids[role]! };
}
