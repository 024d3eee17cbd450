/** `npm run seed`: idempotent demo data (after migrations). */
import { loadConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';
import { connectDatabase, runMigrations } from '../engine/db/data-source.js';
import { describeSeed, seedDemo } from '../seeds/run-seed.js';
import { createDomainServices } from '../resources/domain-services.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { resolvePiiKey } from '../engine/crypto/pii-key.js';

try {
  const config = loadConfig();
  const ds = await connectDatabase(config.db);
  await runMigrations(ds);
  const services = createDomainServices(ds, new PiiCipher(resolvePiiKey(config, console.log)));
  console.log(`created ${describeSeed(await seedDemo(services, config.seed))} (existing rows kept)`);
  await ds.destroy();
} catch (err) {
  console.error(err instanceof StartupError ? `cannot seed: ${err.message}` : err);
  process.exit(1);
}
