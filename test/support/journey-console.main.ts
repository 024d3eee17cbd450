/**
 * A second console process for the journey API tests: the real
 * `startAdminServer` (same code, same database, sessions and session secret
 * as the platform the global setup started, so a cookie from either works on
 * both), but with the real journey runtime behind its `journeyRuntime` port,
 * which the platform process does not pass yet. Started by
 * test/support/journey-console.ts; prints `[journey-console] ready` when it
 * listens, stops on SIGTERM.
 *
 * The port is the runtime side's own (`startJourneyEngine(...).port`,
 * engine/journeys/runtime/journey-engine.ts), without the engine's workers:
 * this process starts API entries and is told of lifecycle changes; no
 * scheduler wakes the waiting instances, so the tests' counters hold still.
 */
import { loadConfig } from '../../engine/config/load-config.js';
import { createLogger } from '../../engine/observability/logger.js';
import { connectDatabase } from '../../engine/db/data-source.js';
import { connectRedis } from '../../engine/config/check-redis.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { resolvePiiKey } from '../../engine/crypto/pii-key.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { startAdminServer } from '../../admin/admin-server.js';
import { startJourneyEngine } from '../../engine/journeys/runtime/journey-engine.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import type { JourneyRuntimePort } from '../../resources/journey/journey-runtime.port.js';

const say = (line: string) => process.stdout.write(`[journey-console] ${line}\n`);

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.secrets);
  const ds = await connectDatabase(config.db);
  const redis = await connectRedis(config.redis.url);
  const services = createDomainServices(ds, new PiiCipher(resolvePiiKey(config)));
  const engine = await startJourneyEngine({
    ds,
    redisUrl: config.redis.url,
    queuePrefix: config.redis.queuePrefix,
    logger,
    appendEvents: appendToOutbox,
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [], secret: 'journey-api-test', timeoutMs: 1000, attempts: 1, backoffMs: 100 },
    workers: false,
  });
  const port: JourneyRuntimePort = engine.port;
  const admin = await startAdminServer({ config, services, redis, logger, readiness: {}, collectors: [], journeyRuntime: port });
  say(`ready at ${admin.url}`);
  process.on('SIGTERM', () => {
    void (async () => {
      await admin.stop();
      await engine.stop();
      redis.disconnect();
      await ds.destroy();
      process.exit(0);
    })();
  });
}

main().catch((err) => {
  process.stderr.write(`[journey-console] failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
