/**
 * The journey engine as a process of its own, for the crash tests: the
 * ingestion consumer (with the journey handler) and the engine's workers,
 * scheduler and reconciler, exactly as the platform wires them, against the
 * database, Redis and topic given in the environment. Prints "engine ready"
 * once consuming. The tests SIGKILL it mid-load and start it again.
 */
import { connectDatabase } from '../../engine/db/data-source.js';
import { createLogger } from '../../engine/observability/logger.js';
import { createKafka } from '../../engine/kafka/kafka-client.js';
import { startIngestion } from '../../engine/ingestion/ingestion-consumer.js';
import { startJourneyEngine } from '../../engine/journeys/runtime/journey-engine.js';
import { journeyStoredEventHandler } from '../../engine/journeys/runtime/journey-event-handler.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { dbServer } from './db.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const logger = createLogger('warn');
const ds = await connectDatabase({ ...dbServer(), database: env('CRASH_DB_NAME') });
const engine = await startJourneyEngine({
  ds,
  redisUrl: env('CRASH_REDIS_URL'),
  queuePrefix: env('CRASH_QUEUE_PREFIX'),
  logger,
  appendEvents: (tx, events) => appendToOutbox(tx, events),
  kickOutbox: () => undefined,
  webhook: { allowedHosts: [], secret: 'crash', timeoutMs: 1000, attempts: 1, backoffMs: 100 },
  workers: true,
  wake: { idleMs: 100 },
  reconciler: { everyMs: 500, staleWakeMs: 3000, staleMessageMs: 1500 },
});
const kafka = createKafka(env('CRASH_BROKERS').split(','), 'journey-crash', logger);
const ingestion = await startIngestion({
  kafka,
  ds,
  logger,
  groupId: env('CRASH_GROUP'),
  topic: env('CRASH_TOPIC'),
  dlqTopic: `${env('CRASH_TOPIC')}.dlq`,
  storedEventHandlers: [journeyStoredEventHandler(engine.runtime)],
});
process.stdout.write('engine ready\n');
process.once('SIGTERM', () => {
  void ingestion
    .stop()
    .then(() => engine.stop())
    .then(() => ds.destroy())
    .then(() => process.exit(0));
});
