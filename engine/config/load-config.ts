import { randomBytes } from 'node:crypto';
import { envSchema, fixHints, secretVariables } from './config.schema.js';
import { StartupError } from './config.error.js';
import { channelsConfigOf, type ChannelsConfig } from './channels.config.js';
import type { DomainTopicNames } from '../definitions/domain-events/kafka-topics.js';

type Parsed = ReturnType<typeof envSchema.parse>;

export interface AppConfig {
  env: Parsed['NODE_ENV'];
  logLevel: Parsed['LOG_LEVEL'];
  /** bodyLimitKb: largest JSON or form body accepted (413 past it). */
  /** trustedProxies: whose X-Forwarded-For is believed (Express `trust proxy` values); empty: nobody's. */
  http: { host: string; port: number; publicUrl: string; bodyLimitKb: number; trustedProxies: string[] };
  components: Parsed['COMPONENTS'];
  db: { host: string; port: number; user: string; password: string; database: string };
  redis: { url: string; queuePrefix: string };
  kafka: {
    /** undefined: no broker configured; the start script launches a local one. */
    brokers: string[] | undefined;
    clientId: string;
    groupId: string;
    localPort: number;
    topics: { customerEvents: string; messageEvents: string; dlq: string; segmentEvents: string };
    /** Where the outbox relay produces domain events, by role (engine/definitions/domain-events/kafka-topics.ts). */
    domainTopics: DomainTopicNames;
  };
  auth: {
    sessionSecret: string;
    sessionSecretGenerated: boolean;
    sessionTtlMinutes: number;
    maxFailures: number;
    lockMinutes: number;
    ipMaxFailures: number;
  };
  seed: { demo: boolean; demoPassword: string; customers: number };
  pii: {
    /** Master key for personal data; undefined outside production means "use the key file". */
    key: string | undefined;
    keyFile: string;
    retentionDays: number;
  };
  housekeepingEveryMinutes: number;
  /** Published domain events are deleted from the outbox table after this many days (housekeeping). */
  outbox: { retentionDays: number };
  /** Journey webhooks and the business-day calendar; `webhookSecretGenerated` outside production when none was set. */
  channels: ChannelsConfig;
  journeys: { webhookAllowedHosts: string[]; webhookSecret: string; webhookSecretGenerated: boolean; webhookAttempts: number; webhookTimeoutMs: number; extraHolidays: string[] };
  /** Bearer token /metrics asks for; undefined (development and test only) leaves /metrics open. */
  metricsToken: string | undefined;
  segments: {
    /** How often every published segment is recomputed in full (time windows slide, attributes change). */
    refreshEveryMinutes: number;
    /** Time budget of a live audience count while editing; past it the count says it timed out. */
    countTimeoutMs: number;
    /** Below this, roles that see customers masked get "fewer than N" instead of a count (a count is no oracle). */
    minAudience: number;
  };
  /** Sanity limits of ingested customer events; an event past them is dead-lettered with the reason. */
  ingestion: {
    maxFutureMinutes: number;
    /** Earliest accepted occurredAt (UTC midnight of the configured date). */
    earliestOccurredAt: Date;
    maxProperties: number;
    maxPropertiesBytes: number;
  };
  /** Values to redact from any log output. */
  secrets: string[];
}

/**
 * Parses the environment into one typed object. Throws a StartupError whose
 * message names every bad variable, what is wrong and how to fix it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment') as keyof typeof fixHints;
      const raw = cleaned[variable];
      const shown = (secretVariables as readonly string[]).includes(variable) ? '(hidden)' : JSON.stringify(raw);
      return `${variable}: ${issue.message}${raw === undefined ? '' : ` (got ${shown})`}; ${fixHints[variable] ?? 'check its value'}`;
    });
    throw new StartupError(`Invalid configuration: ${lines.join(' | ')}`);
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new StartupError(`Invalid configuration: SESSION_SECRET is required in production; ${fixHints.SESSION_SECRET}`);
  }
  if (e.NODE_ENV === 'production' && !e.METRICS_TOKEN) {
    throw new StartupError(`Invalid configuration: METRICS_TOKEN is required in production (metrics name queues, topics and traffic); ${fixHints.METRICS_TOKEN}`);
  }
  if (e.NODE_ENV === 'production' && !e.PII_KEY) {
    throw new StartupError(`Invalid configuration: PII_KEY is required in production; ${fixHints.PII_KEY}`);
  }
  if (e.NODE_ENV === 'production' && !e.PUBLIC_URL) {
    // State-changing requests are checked against PUBLIC_URL's origin; a guessed default would refuse every browser POST.
    throw new StartupError(`Invalid configuration: PUBLIC_URL is required in production (browser requests are checked against its origin); ${fixHints.PUBLIC_URL}`);
  }
  if (e.NODE_ENV === 'production' && e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://')) {
    throw new StartupError(`Invalid configuration: PUBLIC_URL must be https in production (unsubscribe and tracking links in customers' messages use it); ${fixHints.PUBLIC_URL}`);
  }
  if (e.NODE_ENV === 'production' && !e.JOURNEY_WEBHOOK_SECRET) {
    throw new StartupError(`Invalid configuration: JOURNEY_WEBHOOK_SECRET is required in production (receivers check the signature); ${fixHints.JOURNEY_WEBHOOK_SECRET}`);
  }
  if (e.NODE_ENV === 'production' && e.SEED_DEMO) {
    throw new StartupError('Invalid configuration: SEED_DEMO must be false in production (demo accounts have a known password); set SEED_DEMO=false');
  }
  let channels: ChannelsConfig;
  try {
    // Outside production a missing tracking key is generated per process: links of an earlier run stop working.
    channels = channelsConfigOf(e, e.NODE_ENV === 'production', () => randomBytes(32).toString('hex'));
  } catch (err) {
    throw new StartupError(`Invalid configuration: ${(err as Error).message}; see the Channels rows of the README's configuration table`);
  }
  // Outside production a missing secret is generated per process: sessions then
  // end when the process restarts, which is acceptable on a developer machine.
  const sessionSecret = e.SESSION_SECRET ?? randomBytes(32).toString('hex');
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`, bodyLimitKb: e.HTTP_BODY_LIMIT_KB, trustedProxies: e.TRUSTED_PROXIES },
    components: e.COMPONENTS,
    db: { host: e.DB_HOST, port: e.DB_PORT, user: e.DB_USER, password: e.DB_PASSWORD, database: e.DB_NAME },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.KAFKA_GROUP_ID,
      localPort: e.KAFKA_LOCAL_PORT,
      topics: { customerEvents: e.KAFKA_TOPIC_CUSTOMER_EVENTS, messageEvents: e.KAFKA_TOPIC_MESSAGE_EVENTS, dlq: e.KAFKA_TOPIC_DLQ, segmentEvents: e.KAFKA_TOPIC_SEGMENT_EVENTS },
      domainTopics: {
        crmEvents: e.KAFKA_TOPIC_CRM_EVENTS,
        segmentEvents: e.KAFKA_TOPIC_SEGMENT_EVENTS,
        journeyEvents: e.KAFKA_TOPIC_JOURNEY_EVENTS,
        messageEvents: e.KAFKA_TOPIC_MESSAGE_EVENTS,
      },
    },
    auth: {
      sessionSecret,
      sessionSecretGenerated: !e.SESSION_SECRET,
      sessionTtlMinutes: e.SESSION_TTL_MINUTES,
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      ipMaxFailures: e.LOGIN_IP_MAX_FAILURES,
    },
    seed: { demo: e.SEED_DEMO, demoPassword: e.DEMO_PASSWORD, customers: e.SEED_CUSTOMERS },
    pii: { key: e.PII_KEY, keyFile: e.PII_KEY_FILE, retentionDays: e.CUSTOMER_RETENTION_DAYS },
    housekeepingEveryMinutes: e.HOUSEKEEPING_EVERY_MINUTES,
    outbox: { retentionDays: e.OUTBOX_RETENTION_DAYS },
    journeys: {
      webhookAllowedHosts: e.JOURNEY_WEBHOOK_ALLOWED_HOSTS,
      // Outside production a missing key is generated per process, like the session secret.
      webhookSecret: e.JOURNEY_WEBHOOK_SECRET ?? randomBytes(32).toString('hex'),
      webhookSecretGenerated: !e.JOURNEY_WEBHOOK_SECRET,
      webhookAttempts: e.JOURNEY_WEBHOOK_ATTEMPTS,
      webhookTimeoutMs: e.JOURNEY_WEBHOOK_TIMEOUT_MS,
      extraHolidays: e.JOURNEY_EXTRA_HOLIDAYS,
    },
    channels,
    metricsToken: e.METRICS_TOKEN,
    segments: { refreshEveryMinutes: e.SEGMENT_REFRESH_MINUTES, countTimeoutMs: e.SEGMENT_COUNT_TIMEOUT_MS, minAudience: e.SEGMENT_MIN_AUDIENCE },
    ingestion: {
      maxFutureMinutes: e.INGEST_MAX_FUTURE_MINUTES,
      earliestOccurredAt: new Date(`${e.INGEST_EARLIEST_OCCURRED_AT}T00:00:00Z`),
      maxProperties: e.INGEST_MAX_PROPERTIES,
      maxPropertiesBytes: e.INGEST_MAX_PROPERTIES_BYTES,
    },
    secrets: [e.DB_PASSWORD, sessionSecret, e.PII_KEY ?? '', e.METRICS_TOKEN ?? '', channels.trackingSecret, e.PUSH_TOKEN ?? ''].filter((s) => s.length > 0),
  };
}
