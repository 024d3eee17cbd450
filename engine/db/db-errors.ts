import { StartupError } from '../config/config.error.js';
import type { AppConfig } from '../config/load-config.js';

/** Turns a mysql2 connection error into one line that says what to do. */
export function describeDbError(err: unknown, db: AppConfig['db']): StartupError {
  const e = err as { code?: string; message?: string };
  const where = `MariaDB at ${db.host}:${db.port}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return new StartupError(`${where} refused the connection: start it or set DB_HOST/DB_PORT`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`${where}: host name not found: fix DB_HOST`);
    case 'ETIMEDOUT':
      return new StartupError(`${where} did not answer in time: check DB_HOST/DB_PORT and the network`);
    case 'ER_ACCESS_DENIED_ERROR':
      return new StartupError(`${where} rejected user "${db.user}": fix DB_USER/DB_PASSWORD`);
    case 'ER_DBACCESS_DENIED_ERROR':
      return new StartupError(`${where}: user "${db.user}" may not use database "${db.database}": grant access or set DB_NAME`);
    default:
      return new StartupError(`${where}: ${e.message ?? String(err)} (${e.code ?? 'no code'}): check DB_* settings`);
  }
}
