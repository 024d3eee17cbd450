import { z } from 'zod';
import { isIP } from 'node:net';
import { channelEnv, channelFixHints } from './channels.config.js';
import { int } from './env-values.js';

/**
 * Every environment variable the platform reads, with defaults matching a
 * developer machine (local MariaDB, Redis and the project's own Kafka broker; README "The two commands").
 * Each field carries a `fix` hint so a bad value stops start-up with one line
 * that names the variable and what to do about it.
 */

const port = (fallback: number) => int(1, 65535, fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const componentNames = ['admin', 'ingestion', 'workers'] as const;
export type ComponentName = (typeof componentNames)[number];

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(3000),
  PUBLIC_URL: z.url().optional(),
  HTTP_BODY_LIMIT_KB: int(1, 10 * 1024, 256),
  COMPONENTS: z
    .string()
    .default(componentNames.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(componentNames)).min(1)),

  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: port(3306),
  DB_USER: z.string().min(1).default('root'),
  DB_PASSWORD: z.string().default(''),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only')
    .default('bank_crm'),

  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('bankcrm'),

  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(
      z
        .array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port'))
        .min(1)
        .optional(),
    ),
  KAFKA_CLIENT_ID: z.string().min(1).default('bank-crm'),
  KAFKA_GROUP_ID: z.string().min(1).default('bank-crm-ingestion'),
  KAFKA_TOPIC_CUSTOMER_EVENTS: z.string().min(1).default('customer-events'),
  KAFKA_TOPIC_MESSAGE_EVENTS: z.string().min(1).default('message-events'),
  KAFKA_TOPIC_DLQ: z.string().min(1).default('customer-events.dlq'),
  KAFKA_TOPIC_SEGMENT_EVENTS: z.string().min(1).default('segment-events'),
  KAFKA_TOPIC_CRM_EVENTS: z.string().min(1).default('crm-events'),
  KAFKA_TOPIC_JOURNEY_EVENTS: z.string().min(1).default('journey-events'),
  KAFKA_LOCAL_PORT: port(9092),

  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_MINUTES: int(5, 24 * 60, 480),
  LOGIN_MAX_FAILURES: int(1, 100, 5),
  LOGIN_LOCK_MINUTES: int(1, 24 * 60, 15),
  LOGIN_IP_MAX_FAILURES: int(1, 10000, 30),
  // Proxies whose X-Forwarded-For is believed (admin/auth/client-ip.ts); none by default: the TCP peer is the client.
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (p) => ['loopback', 'linklocal', 'uniquelocal'].includes(p) || isIP(p.replace(/\/\d{1,3}$/, '')) > 0,
            'each entry must be an IP address, a CIDR range such as 10.0.0.0/8, or loopback, linklocal, uniquelocal',
          ),
      ),
    ),

  SEED_DEMO: bool(true),
  DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').default('Demo-2026!'),
  HOUSEKEEPING_EVERY_MINUTES: int(1, 24 * 60, 10),
  OUTBOX_RETENTION_DAYS: int(1, 3650, 7),

  PII_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$|^[0-9a-fA-F]{64,}$/, 'must be 32+ random bytes as base64 or hex')
    .optional(),
  PII_KEY_FILE: z.string().min(1).default('.local/pii.key'),
  CUSTOMER_RETENTION_DAYS: int(0, 36500, 1825),
  SEED_CUSTOMERS: int(0, 1_000_000, 10_000),
  SEGMENT_REFRESH_MINUTES: int(1, 24 * 60, 15),
  SEGMENT_COUNT_TIMEOUT_MS: int(100, 60_000, 3000),
  SEGMENT_MIN_AUDIENCE: int(1, 10_000, 10),
  // Sanity limits of ingested customer events (engine/ingestion/event-limits.ts); past them an event goes to the DLQ with the reason.
  INGEST_MAX_FUTURE_MINUTES: int(0, 7 * 24 * 60, 10),
  INGEST_EARLIEST_OCCURRED_AT: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'must be a real calendar date')
    .default('1962-01-01'),
  INGEST_MAX_PROPERTIES: int(0, 1000, 50),
  INGEST_MAX_PROPERTIES_BYTES: int(256, 1_000_000, 16_384),
  // Journey webhooks (engine/journeys/runtime/webhook-worker.ts): which hosts a journey may call, the HMAC key, attempts.
  JOURNEY_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(?::\d{1,5})?$/, 'each entry must be a host name or host:port'))),
  JOURNEY_WEBHOOK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  JOURNEY_WEBHOOK_ATTEMPTS: int(1, 20, 5),
  JOURNEY_WEBHOOK_TIMEOUT_MS: int(100, 60_000, 5000),
  // Days the bank is closed beyond the public holidays (e.g. an election day announced late), for "next business day".
  JOURNEY_EXTRA_HOLIDAYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'each entry must be a date as YYYY-MM-DD'))),
  // The console's branding: the bank's name in English (the Korean one is BANK_NAME) and its logo, served by the console itself.
  BANK_NAME_EN: z.string().min(1).max(100).default('Hanbit Bank'),
  BANK_LOGO_PATH: z
    .string()
    .regex(/\.(png|svg|jpe?g|webp)$/i, 'must be a .png, .svg, .jpg or .webp file')
    .optional(),
  // Message channels: gateways, rates, caps, the sender on advertising (channels.config.ts).
  ...channelEnv,
});

/** The console's branding (login page, sidebar, title) from the environment: the bank's name per language and an optional logo file. */
export function consoleBrandingOf(env: NodeJS.ProcessEnv): { nameKo: string; nameEn: string; logoPath?: string } {
  const e = envSchema.pick({ BANK_NAME: true, BANK_NAME_EN: true, BANK_LOGO_PATH: true }).parse(env);
  return { nameKo: e.BANK_NAME, nameEn: e.BANK_NAME_EN, ...(e.BANK_LOGO_PATH ? { logoPath: e.BANK_LOGO_PATH } : {}) };
}

/** How to fix each variable, shown after the validation message. */
export const fixHints: Record<keyof z.input<typeof envSchema>, string> = {
  ...channelFixHints,
  NODE_ENV: 'set NODE_ENV to development, test or production',
  BANK_NAME_EN: "set BANK_NAME_EN to the bank's name in English (shown by the console in English)",
  BANK_LOGO_PATH: "set BANK_LOGO_PATH to the path of the bank's logo file (.png, .svg, .jpg or .webp), served by the console itself",
  LOG_LEVEL: 'set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent',
  HOST: 'set HOST to the interface to listen on, e.g. 127.0.0.1 or 0.0.0.0',
  PORT: 'set PORT to a free TCP port, e.g. 3000',
  PUBLIC_URL: 'set PUBLIC_URL to the address users open, e.g. https://crm.example.bank',
  HTTP_BODY_LIMIT_KB: 'set HTTP_BODY_LIMIT_KB to the largest JSON or form body accepted, in KB (1-10240)',
  COMPONENTS: `set COMPONENTS to a comma-separated subset of ${componentNames.join(',')}`,
  DB_HOST: 'set DB_HOST to the MariaDB host',
  DB_PORT: 'set DB_PORT to the MariaDB port, e.g. 3306',
  DB_USER: 'set DB_USER to a MariaDB user',
  DB_PASSWORD: "set DB_PASSWORD to that user's password",
  DB_NAME: 'set DB_NAME to a database name such as bank_crm',
  REDIS_URL: 'set REDIS_URL, e.g. redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'set QUEUE_PREFIX to a short name for the Bull key prefix',
  KAFKA_BROKERS: 'set KAFKA_BROKERS to host:port[,host:port], or unset it to use the local launcher',
  KAFKA_CLIENT_ID: 'set KAFKA_CLIENT_ID to a non-empty name',
  KAFKA_GROUP_ID: 'set KAFKA_GROUP_ID to a non-empty consumer group name',
  KAFKA_TOPIC_CUSTOMER_EVENTS: 'set KAFKA_TOPIC_CUSTOMER_EVENTS to a topic name',
  KAFKA_TOPIC_MESSAGE_EVENTS: 'set KAFKA_TOPIC_MESSAGE_EVENTS to a topic name',
  KAFKA_TOPIC_DLQ: 'set KAFKA_TOPIC_DLQ to a topic name',
  KAFKA_TOPIC_SEGMENT_EVENTS: 'set KAFKA_TOPIC_SEGMENT_EVENTS to a topic name',
  KAFKA_TOPIC_CRM_EVENTS: 'set KAFKA_TOPIC_CRM_EVENTS to a topic name',
  KAFKA_TOPIC_JOURNEY_EVENTS: 'set KAFKA_TOPIC_JOURNEY_EVENTS to a topic name',
  KAFKA_LOCAL_PORT: 'set KAFKA_LOCAL_PORT to a free port for the local broker',
  SESSION_SECRET: 'set SESSION_SECRET to a random string of 32+ characters (e.g. `openssl rand -hex 32`)',
  METRICS_TOKEN: 'set METRICS_TOKEN to a random string of 32+ characters (e.g. `openssl rand -hex 32`) and give it to Prometheus as a bearer token',
  SESSION_TTL_MINUTES: 'set SESSION_TTL_MINUTES between 5 and 1440',
  LOGIN_MAX_FAILURES: 'set LOGIN_MAX_FAILURES between 1 and 100',
  LOGIN_LOCK_MINUTES: 'set LOGIN_LOCK_MINUTES between 1 and 1440',
  LOGIN_IP_MAX_FAILURES: 'set LOGIN_IP_MAX_FAILURES between 1 and 10000',
  JOURNEY_WEBHOOK_ALLOWED_HOSTS: 'set JOURNEY_WEBHOOK_ALLOWED_HOSTS to the comma-separated hosts (host or host:port) journeys may POST to, e.g. crm.bank.internal,10.0.0.7:8443',
  JOURNEY_WEBHOOK_SECRET: 'set JOURNEY_WEBHOOK_SECRET to a random key of at least 32 characters (e.g. `openssl rand -hex 32`), shared with the receiving systems',
  JOURNEY_WEBHOOK_ATTEMPTS: 'set JOURNEY_WEBHOOK_ATTEMPTS to the attempts per webhook call (1-20)',
  JOURNEY_WEBHOOK_TIMEOUT_MS: 'set JOURNEY_WEBHOOK_TIMEOUT_MS to the time a webhook call may take, in ms (100-60000)',
  JOURNEY_EXTRA_HOLIDAYS: 'set JOURNEY_EXTRA_HOLIDAYS to comma-separated dates (YYYY-MM-DD) the bank is closed beyond public holidays',
  TRUSTED_PROXIES:
    'set TRUSTED_PROXIES to the comma-separated addresses or CIDR ranges of your reverse proxies / load balancers (e.g. 10.0.0.5,10.1.0.0/16), or leave it empty when clients connect directly',
  SEED_DEMO: 'set SEED_DEMO to true or false',
  DEMO_PASSWORD: 'set DEMO_PASSWORD to 10+ characters with letters and digits',
  HOUSEKEEPING_EVERY_MINUTES: 'set HOUSEKEEPING_EVERY_MINUTES between 1 and 1440',
  OUTBOX_RETENTION_DAYS: 'set OUTBOX_RETENTION_DAYS to the days published domain events stay in the outbox table (1-3650)',
  PII_KEY: "set PII_KEY to 32 random bytes, e.g. `openssl rand -base64 32`, kept in the bank's secret store",
  PII_KEY_FILE: 'set PII_KEY_FILE to a writable path for the development key',
  CUSTOMER_RETENTION_DAYS: "set CUSTOMER_RETENTION_DAYS to the days a withdrawn customer's personal data is kept (0-36500)",
  SEED_CUSTOMERS: 'set SEED_CUSTOMERS to the number of demo customers (0-1000000)',
  SEGMENT_REFRESH_MINUTES: 'set SEGMENT_REFRESH_MINUTES between 1 and 1440',
  SEGMENT_COUNT_TIMEOUT_MS: 'set SEGMENT_COUNT_TIMEOUT_MS between 100 and 60000',
  SEGMENT_MIN_AUDIENCE: 'set SEGMENT_MIN_AUDIENCE to the smallest audience shown exactly to roles that see customers masked (1-10000)',
  INGEST_MAX_FUTURE_MINUTES: "set INGEST_MAX_FUTURE_MINUTES to how far in the future an event's occurredAt may be (0-10080 minutes)",
  INGEST_EARLIEST_OCCURRED_AT: 'set INGEST_EARLIEST_OCCURRED_AT to the earliest accepted occurredAt as YYYY-MM-DD, e.g. 1962-01-01',
  INGEST_MAX_PROPERTIES: 'set INGEST_MAX_PROPERTIES to the most properties an event may carry (0-1000)',
  INGEST_MAX_PROPERTIES_BYTES: "set INGEST_MAX_PROPERTIES_BYTES to the largest serialized size of an event's properties (256-1000000 bytes)",
};

/** Variables whose values must never reach a log line. */
export const secretVariables = [
  'DB_PASSWORD',
  'SESSION_SECRET',
  'DEMO_PASSWORD',
  'PII_KEY',
  'METRICS_TOKEN',
  'JOURNEY_WEBHOOK_SECRET',
  'TRACKING_SECRET',
  'PUSH_TOKEN',
  'SMTP_URL',
  'SMPP_URL',
] as const;
