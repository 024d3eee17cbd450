import { createConnection, type Connection } from 'mysql2/promise';
import { testEnv } from './test-env.js';

/** A direct connection to the test database, for asserting what was stored. */
export function testDb(): Promise<Connection> {
  return createConnection({
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USER ?? 'root',
    password: process.env.DB_PASSWORD ?? '',
    database: testEnv.dbName,
    timezone: 'Z',
  });
}
