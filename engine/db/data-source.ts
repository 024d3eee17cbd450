import 'reflect-metadata';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/load-config.js';
import { entities } from './entities.js';
import { migrations } from './migrations.js';
import { describeDbError } from './db-errors.js';
import { AuditSubscriber } from '../../resources/audit/audit.subscriber.js';

/** The TypeORM data source; `synchronize` stays off: the schema comes from migrations. */
export function createDataSource(db: AppConfig['db']): DataSource {
  return new DataSource({
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    // Times are stored in UTC (docs/domain-notes.md) and shown in Asia/Seoul by the UI.
    timezone: 'Z',
    entities,
    migrations,
    subscribers: [AuditSubscriber],
    synchronize: false,
    migrationsRun: false,
    poolSize: 10,
    connectTimeout: 5000,
    bigNumberStrings: true,
    supportBigNumbers: true,
  });
}

/** Creates the database when it does not exist yet (a fresh MariaDB has only `test`). */
export async function ensureDatabase(db: AppConfig['db']): Promise<void> {
  let conn;
  try {
    conn = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, connectTimeout: 5000 });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (err) {
    throw describeDbError(err, db);
  } finally {
    await conn?.end().catch(() => undefined);
  }
}

/** Connects, creating the database first if needed; errors come back as one clear line. */
export async function connectDatabase(db: AppConfig['db']): Promise<DataSource> {
  await ensureDatabase(db);
  const ds = createDataSource(db);
  try {
    await ds.initialize();
  } catch (err) {
    throw describeDbError(err, db);
  }
  return ds;
}

/** Applies pending migrations; returns the names applied. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
