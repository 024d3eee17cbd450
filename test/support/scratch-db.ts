import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../engine/db/data-source.js';
import { dbServer } from './db.js';

/**
 * A fresh database of its own, with the project's migrations applied, for
 * tests that need to control every row (the shared test database is counted
 * by other suites). Dropped and recreated on each call.
 */
export async function createScratchDb(name: string): Promise<DataSource> {
  const conn = await createConnection(dbServer());
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const ds = createDataSource({ ...dbServer(), database: name });
  await ds.initialize();
  await runMigrations(ds);
  return ds;
}
