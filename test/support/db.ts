import { createConnection, type Connection } from 'mysql2/promise';
import { testEnv } from './test-env.js';

/** The MariaDB server the suite uses (the same DB_* variables as the app). */
export function dbServer() {
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USER ?? 'root',
    password: process.env.DB_PASSWORD ?? '',
  };
}

/** A direct connection to the test database, for asserting what was stored. */
export function testDb(): Promise<Connection> {
  return createConnection({ ...dbServer(), database: testEnv.dbName, timezone: 'Z' });
}

/** `rows` and `one` (first row) over a connection the test file opens later, in its beforeAll. */
export function queries(db: () => Connection) {
  const rows = async <T = any>(sql: string, args: unknown[] = []): Promise<T[]> => (await db().query(sql, args))[0] as T[];
  const one = async <T = any>(sql: string, args: unknown[] = []): Promise<T> => (await rows<T>(sql, args))[0]!;
  return { rows, one };
}
