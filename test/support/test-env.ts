import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Settings shared by the global setup and the tests. The suite runs the real
 * platform against its own database, queue prefix, consumer group and port,
 * so it never touches a developer's `npm start` data.
 */
export const testEnv = {
  dbName: process.env.TEST_DB_NAME ?? 'bank_crm_test',
  port: Number(process.env.TEST_PORT ?? 3199),
  kafkaPort: Number(process.env.TEST_KAFKA_PORT ?? 19092),
  queuePrefix: process.env.TEST_QUEUE_PREFIX ?? 'bankcrm-test',
  demoPassword: 'Test-pass-2026',
  /**
   * Key for the personal data of the throwaway test database only (never a
   * real key). Fixed so tests can compute look-up hashes and decrypt to check
   * what is stored.
   */
  piiKey: 'dGVzdC1vbmx5LXBpaS1rZXktbm90LWEtc2VjcmV0LTMyYg==',
  /** Signs the platform's tracking and unsubscribe links (fixed, so a test can make links the platform accepts). */
  trackingSecret: 'test-only-tracking-secret-not-a-real-key-0123456789',
};

/**
 * The platform's temporary directory (its TMPDIR), one per suite: a test can
 * prove that no request left a file behind (an upload parser writes to
 * os.tmpdir()).
 */
export const platformTmpDir = resolve('test-results', `tmp-${testEnv.queuePrefix}`);

/** The platform's log during the suite (TEST_APP_LOG lets two suites run side by side). */
export const appLogPath = process.env.TEST_APP_LOG ?? 'test-results/app.log';

export const baseUrl = () => `http://127.0.0.1:${testEnv.port}`;

/** Brokers: KAFKA_BROKERS when the developer configured one, else the suite's own launcher. */
export const testBrokers = () => (process.env.KAFKA_BROKERS ?? `127.0.0.1:${testEnv.kafkaPort}`).split(',');

/** Environment for the platform process started by the global setup. */
export function appEnv(): NodeJS.ProcessEnv {
  mkdirSync(platformTmpDir, { recursive: true });
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(testEnv.port),
    // The address the browser tests open: state-changing requests must come from it (Origin check).
    PUBLIC_URL: baseUrl(),
    TMPDIR: platformTmpDir,
    DB_NAME: testEnv.dbName,
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_GROUP_ID: 'bank-crm-test-ingestion',
    QUEUE_PREFIX: testEnv.queuePrefix,
    SESSION_SECRET: 'test-only-session-secret-0123456789abcdef',
    SEED_DEMO: 'true',
    DEMO_PASSWORD: testEnv.demoPassword,
    PII_KEY: testEnv.piiKey,
    TRACKING_SECRET: testEnv.trackingSecret,
    LOGIN_MAX_FAILURES: '3',
    LOGIN_LOCK_MINUTES: '15',
    // Every test request comes from 127.0.0.1: the per-IP limit is exercised in its own test.
    LOGIN_IP_MAX_FAILURES: '1000',
  };
}
