import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/load-config.js';
import type { Logger } from '../observability/logger.js';
import { connectDatabase, runMigrations } from '../db/data-source.js';
import { connectRedis } from '../config/check-redis.js';
import { createKafka } from '../kafka/kafka-client.js';
import { ensureTopics } from '../kafka/ensure-topics.js';
import { startIngestion, type RunningIngestion } from '../ingestion/ingestion-consumer.js';
import { startWorkers, type RunningWorkers } from '../queues/workers.js';
import { resolveKafka, type ResolvedKafka } from './resolve-kafka.js';
import { describeSeed, seedDemo } from '../../seeds/run-seed.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { PiiCipher } from '../crypto/pii-cipher.js';
import { resolvePiiKey } from '../crypto/pii-key.js';
import { startAdminServer, type RunningAdmin } from '../../admin/admin-server.js';
import { TransitionRelay } from '../segments/transition-relay.js';
import { applyRealtimeMembership } from '../segments/membership-realtime.js';
import { Partitioners } from 'kafkajs';

export interface RunningPlatform {
  adminUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Brings the platform up in the documented order, printing progress:
 * migrations, demo seed, Kafka, console, ingestion, workers. Whatever was
 * started is stopped in reverse order by `stop()`, also when a later step fails.
 */
export async function startPlatform(config: AppConfig, logger: Logger, progress: (line: string) => void): Promise<RunningPlatform> {
  const stops: Array<[string, () => Promise<void>]> = [];
  const stop = async () => {
    for (const [name, fn] of stops.reverse()) {
      try {
        await fn();
        progress(`stopped ${name}`);
      } catch (err) {
        logger.error({ err }, `stopping ${name} failed`);
      }
    }
    stops.length = 0;
  };
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    progress(`${label}...`);
    const v = await fn();
    progress(`${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return v;
  };

  try {
    const ds: DataSource = await timed(`connecting to MariaDB ${config.db.host}:${config.db.port}/${config.db.database}`, () => connectDatabase(config.db));
    stops.push(['database connection', () => ds.destroy()]);
    const applied = await timed('database migrations', () => runMigrations(ds));
    progress(applied.length ? `  applied: ${applied.join(', ')}` : '  schema up to date');
    const services = createDomainServices(ds, new PiiCipher(resolvePiiKey(config, (l) => progress(`  ${l}`))), { segmentCountTimeoutMs: config.segments.countTimeoutMs });
    if (config.seed.demo) {
      const seeded = await timed('demo seed data', () => seedDemo(services, config.seed));
      progress(`  created ${describeSeed(seeded)} (existing rows kept)`);
    }
    const redis: Redis = await timed(`connecting to Redis ${config.redis.url}`, () => connectRedis(config.redis.url));
    stops.push(['redis connection', async () => void redis.disconnect()]);

    const kafkaInfo: ResolvedKafka = await timed('Kafka broker', () => resolveKafka(config, (l) => progress(`  ${l}`)));
    if (kafkaInfo.stop) stops.push(['Kafka broker', kafkaInfo.stop]);
    progress(`  using ${kafkaInfo.brokers.join(',')} (${kafkaInfo.origin})`);
    const kafka = createKafka(kafkaInfo.brokers, config.kafka.clientId, logger);
    const { topics } = config.kafka;
    await ensureTopics(kafka, [
      { name: topics.customerEvents, partitions: 3 }, { name: topics.messageEvents, partitions: 3 }, { name: topics.dlq, partitions: 1 },
      { name: topics.segmentEvents, partitions: 3 },
    ]);
    // Segment transitions (the outbox) go to Kafka from every process that writes them, and a sweep catches leftovers.
    const relayProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await relayProducer.connect();
    stops.push(['segment event producer', () => relayProducer.disconnect()]);
    const relay = new TransitionRelay(ds, relayProducer, topics.segmentEvents, logger);
    relay.start();
    stops.push(['segment event relay', () => relay.stop()]);
    services.segments.onTransitions = () => relay.kick();
    services.segments.onError = (err, context) => logger.error({ err }, `segments: ${context} failed`);
    services.segments.minAudience = config.segments.minAudience;
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    stops.push(['Kafka admin client', () => kafkaAdmin.disconnect()]);

    let workers: RunningWorkers | null = null;
    let ingestion: RunningIngestion | null = null;
    let admin: RunningAdmin | null = null;
    if (config.components.includes('admin')) {
      admin = await timed('AdminJS console', () =>
        startAdminServer({
          config, services, redis, logger,
          readiness: {
            mariadb: async () => void (await ds.query('SELECT 1')),
            redis: async () => void (await redis.ping()),
            kafka: async () => void (await kafkaAdmin.describeCluster()),
            // Not ready while the consumer is not consuming (starting, crashed and restarting, or its batches failing).
            ...(config.components.includes('ingestion') ? { ingestion: async () => {
              const problem = ingestion ? ingestion.problem() : 'not started yet';
              if (problem) throw new Error(problem);
            } } : {}),
          },
          collectors: [async () => { if (workers) await workers.collectDepths(); }],
        }),
      );
      stops.push(['AdminJS console', admin.stop]);
      progress(`  console at ${admin.url}`);
    }
    if (config.components.includes('ingestion')) {
      const started: RunningIngestion = await timed(`Kafka ingestion consumer (${topics.customerEvents})`, () =>
        startIngestion({
          kafka, ds, logger, groupId: config.kafka.groupId, topic: topics.customerEvents, dlqTopic: topics.dlq, limits: config.ingestion,
          // Real-time segment membership of the customers the batch touched, before the offsets are committed.
          onCustomersTouched: async (customerIds) => {
            const r = await applyRealtimeMembership(ds, customerIds, new Date());
            if (r.entered + r.exited > 0) relay.kick();
          },
        }),
      );
      ingestion = started;
      stops.push(['ingestion consumer', started.stop]);
    }
    if (config.components.includes('workers')) {
      workers = await timed('Bull workers', () =>
        startWorkers({
          ds, logger, redisUrl: config.redis.url, prefix: config.redis.queuePrefix, housekeepingEveryMinutes: config.housekeepingEveryMinutes,
          retention: { customers: services.customers, days: config.pii.retentionDays },
          segments: { service: services.segments, refreshEveryMinutes: config.segments.refreshEveryMinutes },
        }),
      );
      const w = workers;
      stops.push(['Bull workers', () => w.stop()]);
    }
    return { adminUrl: admin?.url ?? null, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
