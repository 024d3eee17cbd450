/** `npm run seed`: idempotent demo data (after migrations). */
import { loadConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';
import { connectDatabase, runMigrations } from '../engine/db/data-source.js';
import { seedDemo } from '../seeds/run-seed.js';

try {
  const config = loadConfig();
  const ds = await connectDatabase(config.db);
  await runMigrations(ds);
  console.log(await seedDemo(ds, config.seed.demoPassword));
  await ds.destroy();
} catch (err) {
  console.error(err instanceof StartupError ? `cannot seed: ${err.message}` : err);
  process.exit(1);
}
