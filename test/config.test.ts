import { spawnSync } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import { dbServer } from './support/db.js';

afterAll(async () => {
  // The Kafka case gets as far as migrating its own database; remove it.
  const conn = await createConnection(dbServer());
  await conn.query('DROP DATABASE IF EXISTS bank_crm_cfgtest');
  await conn.end();
});
import { loadConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';

describe('configuration', () => {
  test('defaults match a developer machine', () => {
    const c = loadConfig({});
    expect(c.db).toEqual({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'bank_crm' });
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.kafka.brokers).toBeUndefined();
    expect(c.kafka.topics).toEqual({ customerEvents: 'customer-events', messageEvents: 'message-events', dlq: 'customer-events.dlq', segmentEvents: 'segment-events' });
    expect(c.segments).toEqual({ refreshEveryMinutes: 15, countTimeoutMs: 3000, minAudience: 10 });
    expect(c.ingestion).toEqual({ maxFutureMinutes: 10, earliestOccurredAt: new Date('1962-01-01T00:00:00Z'), maxProperties: 50, maxPropertiesBytes: 16384 });
    expect(c.components).toEqual(['admin', 'ingestion', 'workers']);
    expect(c.auth.sessionSecretGenerated).toBe(true);
  });

  test('values are parsed into types', () => {
    const c = loadConfig({ PORT: '8080', KAFKA_BROKERS: 'k1:9092, k2:9092', COMPONENTS: 'admin', SEED_DEMO: 'false' });
    expect(c.http.port).toBe(8080);
    expect(c.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(c.components).toEqual(['admin']);
    expect(c.seed.demo).toBe(false);
    const limits = loadConfig({
      INGEST_MAX_FUTURE_MINUTES: '0',
      INGEST_EARLIEST_OCCURRED_AT: '2000-02-29',
      INGEST_MAX_PROPERTIES: '5',
      INGEST_MAX_PROPERTIES_BYTES: '1024',
    }).ingestion;
    expect(limits).toEqual({ maxFutureMinutes: 0, earliestOccurredAt: new Date('2000-02-29T00:00:00Z'), maxProperties: 5, maxPropertiesBytes: 1024 });
  });

  test.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: .*\(got "abc"\); set PORT to a free TCP port/],
    [{ DB_PORT: '70000' }, /DB_PORT: .*\(got "70000"\); set DB_PORT/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL: must start with redis:\/\/ .*set REDIS_URL/],
    [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS: .*host:port/],
    [{ COMPONENTS: 'admin,mailer' }, /COMPONENTS: .*set COMPONENTS to a comma-separated subset of admin,ingestion,workers/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET is required in production/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }, /METRICS_TOKEN is required in production .*; set METRICS_TOKEN to a random string/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), METRICS_TOKEN: 'm'.repeat(40) }, /PII_KEY is required in production; set PII_KEY to 32 random bytes/],
    [
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), METRICS_TOKEN: 'm'.repeat(40), PII_KEY: 'A'.repeat(44) },
      /PUBLIC_URL is required in production .*; set PUBLIC_URL to the address users open/,
    ],
    [
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), METRICS_TOKEN: 'm'.repeat(40), PII_KEY: 'A'.repeat(44), PUBLIC_URL: 'https://crm.example.bank' },
      /JOURNEY_WEBHOOK_SECRET is required in production .*; set JOURNEY_WEBHOOK_SECRET to a random key/,
    ],
    [
      {
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        METRICS_TOKEN: 'm'.repeat(40),
        PII_KEY: 'A'.repeat(44),
        PUBLIC_URL: 'https://crm.example.bank',
        JOURNEY_WEBHOOK_SECRET: 'w'.repeat(40),
      },
      /SEED_DEMO must be false in production/,
    ],
    [{ JOURNEY_WEBHOOK_ALLOWED_HOSTS: 'crm.bank.internal,http://evil' }, /JOURNEY_WEBHOOK_ALLOWED_HOSTS.*host name or host:port/],
    [{ JOURNEY_EXTRA_HOLIDAYS: '2026-06-03,June 4' }, /JOURNEY_EXTRA_HOLIDAYS.*YYYY-MM-DD/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be at least 32 characters \(got \(hidden\)\)/],
    [{ PII_KEY: 'too-short' }, /PII_KEY: must be 32\+ random bytes as base64 or hex \(got \(hidden\)\)/],
    [{ CUSTOMER_RETENTION_DAYS: '-1' }, /CUSTOMER_RETENTION_DAYS: .*set CUSTOMER_RETENTION_DAYS/],
    [{ SEGMENT_COUNT_TIMEOUT_MS: '10' }, /SEGMENT_COUNT_TIMEOUT_MS: .*\(got "10"\); set SEGMENT_COUNT_TIMEOUT_MS between 100 and 60000/],
    [{ SEGMENT_MIN_AUDIENCE: '0' }, /SEGMENT_MIN_AUDIENCE: .*\(got "0"\); set SEGMENT_MIN_AUDIENCE to the smallest audience/],
    [{ SEGMENT_REFRESH_MINUTES: '0' }, /SEGMENT_REFRESH_MINUTES: .*set SEGMENT_REFRESH_MINUTES between 1 and 1440/],
    [{ INGEST_MAX_FUTURE_MINUTES: '-5' }, /INGEST_MAX_FUTURE_MINUTES: .*\(got "-5"\); set INGEST_MAX_FUTURE_MINUTES/],
    [{ INGEST_EARLIEST_OCCURRED_AT: '1962' }, /INGEST_EARLIEST_OCCURRED_AT: must be a date as YYYY-MM-DD \(got "1962"\); set INGEST_EARLIEST_OCCURRED_AT/],
    [{ INGEST_EARLIEST_OCCURRED_AT: '1962-02-30' }, /INGEST_EARLIEST_OCCURRED_AT: must be a real calendar date/],
    [{ INGEST_MAX_PROPERTIES: 'many' }, /INGEST_MAX_PROPERTIES: .*set INGEST_MAX_PROPERTIES to the most properties/],
    [{ INGEST_MAX_PROPERTIES_BYTES: '10' }, /INGEST_MAX_PROPERTIES_BYTES: .*\(got "10"\); set INGEST_MAX_PROPERTIES_BYTES/],
  ])('%j is refused with a one-line message naming the variable and the fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(StartupError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("the outbox relay's topics by role and the outbox retention", () => {
    expect(loadConfig({}).kafka.domainTopics).toEqual({
      crmEvents: 'crm-events',
      segmentEvents: 'segment-events',
      journeyEvents: 'journey-events',
      messageEvents: 'message-events',
    });
    expect(loadConfig({}).outbox).toEqual({ retentionDays: 7 });
    const c = loadConfig({
      KAFKA_TOPIC_CRM_EVENTS: 'bank.crm',
      KAFKA_TOPIC_JOURNEY_EVENTS: 'bank.journeys',
      KAFKA_TOPIC_SEGMENT_EVENTS: 'bank.segments',
      OUTBOX_RETENTION_DAYS: '30',
    });
    expect(c.kafka.domainTopics).toEqual({ crmEvents: 'bank.crm', segmentEvents: 'bank.segments', journeyEvents: 'bank.journeys', messageEvents: 'message-events' });
    expect(c.outbox.retentionDays).toBe(30);
    expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '0' })).toThrow(/OUTBOX_RETENTION_DAYS: .*set OUTBOX_RETENTION_DAYS/);
  });

  test('a secret in a bad value is not echoed back', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short-secret' })).toThrow(/SESSION_SECRET: .*\(got \(hidden\)\)/);
    expect(() => loadConfig({ SESSION_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  test.each([
    [{ PORT: 'abc' }, 'cannot start: Invalid configuration: PORT: must be a whole number between 1 and 65535 (got "abc"); set PORT to a free TCP port, e.g. 3000'],
    [{ DB_PORT: '1' }, 'cannot start: MariaDB at 127.0.0.1:1 refused the connection: start it or set DB_HOST/DB_PORT'],
    [{ DB_NAME: 'bank_crm_cfgtest', REDIS_URL: 'redis://127.0.0.1:1' }, 'cannot start: Redis at redis://127.0.0.1:1 refused the connection: start it or set REDIS_URL'],
    [{ DB_NAME: 'bank_crm_cfgtest', KAFKA_BROKERS: '127.0.0.1:1' }, 'cannot start: Kafka at 127.0.0.1:1 did not answer: start it or fix KAFKA_BROKERS'],
  ])('the start command stops on %j with one clear line and exit code 1', (env, line) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, NODE_ENV: 'test', SEED_DEMO: 'false', PORT: '3198', LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const errLines = run.stderr.split('\n').filter((l) => l.trim() && !l.includes('nodedir'));
    expect(errLines).toEqual([`[start] ${line}`]);
  });
});
