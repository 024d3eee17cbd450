/** `npm run migrate`: applies pending migrations to DB_NAME (creating the database if needed). */
import { loadConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';
import { connectDatabase, runMigrations } from '../engine/db/data-source.js';

try {
  const config = loadConfig();
  const ds = await connectDatabase(config.db);
  const applied = await runMigrations(ds);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
  await ds.destroy();
} catch (err) {
  console.error(err instanceof StartupError ? `cannot migrate: ${err.message}` : err);
  process.exit(1);
}
