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
import { createDomainServices, segmentReevaluationSubscriber } from '../../resources/domain-services.js';
import { PiiCipher } from '../crypto/pii-cipher.js';
import { resolvePiiKey } from '../crypto/pii-key.js';
import { startAdminServer, type RunningAdmin } from '../../admin/admin-server.js';
import { DomainEventRelay } from '../outbox/domain-event-relay.js';
import { collectOutboxBacklog } from '../outbox/outbox-metrics.js';
import { realtimeMembershipHandler } from '../segments/realtime-membership-handler.js';

import { startJourneyEngine, type JourneyEngine } from '../journeys/runtime/journey-engine.js';
import { journeyStoredEventHandler } from '../journeys/runtime/journey-event-handler.js';
import { journeySegmentSubscriber } from '../journeys/runtime/journey-segment-subscriber.js';
import { appendToOutbox } from '../outbox/append-to-outbox.js';
import { resolveGatewayEndpoints, type GatewayEndpoints } from '../channels/gateway-endpoints.js';
import { startChannels } from '../channels/workers/start-channels.js';
import { createTrackingLinks } from '../channels/tracking/tracking-links.js';
import { messageConversionSubscriber } from '../channels/tracking/conversion-subscriber.js';
import { TemplateService } from '../../resources/template/template.service.js';
export interface RunningPlatform {
  adminUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Brings the platform up in the documented order, printing progress:
 * migrations, demo seed, Kafka, domain-event relay, console, ingestion,
 * workers. Whatever was started is stopped in reverse order by `stop()`,
 * also when a later step fails.
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
    // The domain-event spine (engine/outbox): every process relays the outbox (one at a time, through a lease)
    // and runs the in-process subscribers. Built before the services, which kick it after writing events; it
    // starts sending once Kafka is up (events written before, e.g. by the seed, wait in the outbox).
    const relay = new DomainEventRelay(ds, { logger, topicNames: config.kafka.domainTopics });
    const services = createDomainServices(ds, new PiiCipher(resolvePiiKey(config, (l) => progress(`  ${l}`))), {
      segmentCountTimeoutMs: config.segments.countTimeoutMs,
      outbox: relay,
      logger,
    });
    const reevaluation = segmentReevaluationSubscriber(services);
    relay.subscribe(reevaluation.name, reevaluation.types, reevaluation.handler);
    services.segments.minAudience = config.segments.minAudience;
    if (config.seed.demo) {
      const seeded = await timed('demo seed data', () => seedDemo(services, { ...config.seed, sender: config.channels.bank }));
      progress(`  created ${describeSeed(seeded)} (existing rows kept)`);
    }
    const redis: Redis = await timed(`connecting to Redis ${config.redis.url}`, () => connectRedis(config.redis.url));
    stops.push(['redis connection', async () => void redis.disconnect()]);

    // Message channels: the configured gateways, or local servers of the same protocols (development, demo).
    const gateways: GatewayEndpoints = await timed('message gateways', () => resolveGatewayEndpoints(config.channels));
    if (gateways.local) stops.push(['local message gateways', () => gateways.local!.stop()]);
    for (const line of gateways.describe()) progress(`  ${line}`);
    if (config.channels.trackingSecretGenerated) progress('  TRACKING_SECRET not set: unsubscribe and tracking links use a per-process key (development only)');

    // The journey runtime (engine/journeys): every process gets one (events, segment transitions and the API start
    // instances through it); the process running the workers also runs the wake scheduler, the reconciler and the
    // journey queues' workers.
    const runsWorkers = config.components.includes('workers');
    const journeys: JourneyEngine = await timed(runsWorkers ? 'journey engine (scheduler, reconciler, workers)' : 'journey runtime', () =>
      startJourneyEngine({
        ds,
        redisUrl: config.redis.url,
        queuePrefix: config.redis.queuePrefix,
        logger,
        appendEvents: (tx, events) => appendToOutbox(tx, events),
        kickOutbox: () => void relay.kick(),
        webhook: {
          allowedHosts: config.journeys.webhookAllowedHosts,
          secret: config.journeys.webhookSecret,
          timeoutMs: config.journeys.webhookTimeoutMs,
          attempts: config.journeys.webhookAttempts,
          backoffMs: 1000,
        },
        extraHolidays: config.journeys.extraHolidays,
        workers: runsWorkers,
      }),
    );
    stops.push(['journey engine', () => journeys.stop()]);
    if (config.journeys.webhookSecretGenerated) progress('  JOURNEY_WEBHOOK_SECRET not set: webhook signatures use a per-process key (development only)');
    const journeySegments = journeySegmentSubscriber(journeys.runtime);
    relay.subscribe(journeySegments.name, journeySegments.types, journeySegments.handler);
    const conversions = messageConversionSubscriber(ds, () => relay.kick());
    relay.subscribe(conversions.name, conversions.types, conversions.handler);
    if (runsWorkers) {
      // The channel workers (engine/channels/workers): one processor per send queue, to the gateways resolved above.
      const channels = await timed('channel workers (SMS, e-mail, push)', () =>
        startChannels({
          ds,
          redis,
          keyPrefix: config.redis.queuePrefix,
          queues: journeys.queues.send,
          cipher: services.cipher,
          templates: new TemplateService(ds, config.channels.bank),
          links: createTrackingLinks({ publicUrl: config.http.publicUrl, secret: config.channels.trackingSecret }),
          endpoints: gateways,
          config: config.channels,
          logger,
          kickOutbox: () => void relay.kick(),
        }),
      );
      stops.push(['channel workers', () => channels.stop()]);
    }

    const kafkaInfo: ResolvedKafka = await timed('Kafka broker', () => resolveKafka(config, (l) => progress(`  ${l}`)));
    if (kafkaInfo.stop) stops.push(['Kafka broker', kafkaInfo.stop]);
    progress(`  using ${kafkaInfo.brokers.join(',')} (${kafkaInfo.origin})`);
    const kafka = createKafka(kafkaInfo.brokers, config.kafka.clientId, logger);
    const { topics, domainTopics } = config.kafka;
    await ensureTopics(kafka, [
      { name: topics.customerEvents, partitions: 3 },
      { name: topics.messageEvents, partitions: 3 },
      { name: topics.dlq, partitions: 1 },
      { name: topics.segmentEvents, partitions: 3 },
      { name: domainTopics.crmEvents, partitions: 3 },
      { name: domainTopics.journeyEvents, partitions: 3 },
    ]);
    await timed('domain-event relay (outbox to Kafka and in-process subscribers)', () => relay.start(kafka));
    stops.push(['domain-event relay', () => relay.stop()]);
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    stops.push(['Kafka admin client', () => kafkaAdmin.disconnect()]);

    let workers: RunningWorkers | null = null;
    let ingestion: RunningIngestion | null = null;
    let admin: RunningAdmin | null = null;
    if (config.components.includes('admin')) {
      admin = await timed('AdminJS console', () =>
        startAdminServer({
          config,
          services,
          redis,
          logger,
          journeyRuntime: journeys.port,
          localGateways: gateways.local,
          outbox: relay,
          readiness: {
            mariadb: async () => void (await ds.query('SELECT 1')),
            redis: async () => void (await redis.ping()),
            kafka: async () => void (await kafkaAdmin.describeCluster()),
            // Not ready while the consumer is not consuming (starting, crashed and restarting, or its batches failing).
            ...(config.components.includes('ingestion')
              ? {
                  ingestion: async () => {
                    const problem = ingestion ? ingestion.problem() : 'not started yet';
                    if (problem) throw new Error(problem);
                  },
                }
              : {}),
          },
          collectors: [
            async () => {
              if (workers) await workers.collectDepths();
            },
            () => collectOutboxBacklog(ds),
            () => journeys.collectMetrics(),
          ],
        }),
      );
      stops.push(['AdminJS console', admin.stop]);
      progress(`  console at ${admin.url}`);
    }
    if (config.components.includes('ingestion')) {
      const started: RunningIngestion = await timed(`Kafka ingestion consumer (${topics.customerEvents})`, () =>
        startIngestion({
          kafka,
          ds,
          logger,
          groupId: config.kafka.groupId,
          topic: topics.customerEvents,
          dlqTopic: topics.dlq,
          limits: config.ingestion,
          // In this order, before the offsets are committed: real-time segment membership of the batch's
          // customers, then journeys (waiting instances advanced, event entries started).
          storedEventHandlers: [realtimeMembershipHandler(ds, relay), journeyStoredEventHandler(journeys.runtime, logger)],
        }),
      );
      ingestion = started;
      stops.push(['ingestion consumer', started.stop]);
    }
    if (config.components.includes('workers')) {
      workers = await timed('Bull workers', () =>
        startWorkers({
          ds,
          logger,
          redisUrl: config.redis.url,
          prefix: config.redis.queuePrefix,
          housekeepingEveryMinutes: config.housekeepingEveryMinutes,
          retention: { customers: services.customers, days: config.pii.retentionDays },
          outboxRetentionDays: config.outbox.retentionDays,
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
