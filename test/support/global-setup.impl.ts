import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, createWriteStream, readFileSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { startKafka, type RunningKafka } from '../../docker/kafka/launcher.js';
import { appEnv, appLogPath, baseUrl, testEnv } from './test-env.js';
import { dbServer } from './db.js';

declare global {
  var __testKafka: RunningKafka | undefined;
  var __testApp: ChildProcess | undefined;
}

const log = (line: string) => process.stdout.write(`[global-setup] ${line}\n`);

/**
 * 1. A real Kafka broker from the project's launcher, unless KAFKA_BROKERS is set.
 * 2. A fresh test database and clean Redis keys under the test prefix.
 * 3. The platform itself, through the same entry point as `npm start`.
 */
export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  if (!process.env.KAFKA_BROKERS) {
    globalThis.__testKafka = await startKafka({ port: testEnv.kafkaPort, freshData: true, heapMb: 384, log });
  }

  const conn = await createConnection(dbServer());
  await conn.query(`DROP DATABASE IF EXISTS \`${testEnv.dbName}\``);
  await conn.query(`CREATE DATABASE \`${testEnv.dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`${testEnv.queuePrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();

  mkdirSync('test-results', { recursive: true });
  const out = createWriteStream(appLogPath);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: appEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  globalThis.__testApp = child;
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not become ready in 300 s; see ${appLogPath}`)), 300_000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('[start] ready in')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before ready:\n${readFileSync(appLogPath, 'utf8').slice(-3000)}`));
    });
  });
  log(`platform ready at ${baseUrl()} (${((Date.now() - t0) / 1000).toFixed(1)} s including broker)`);
}
