import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * The run command with no broker configured launches its own Kafka, and
 * SIGINT (Ctrl-C) stops everything, leaving no broker process behind.
 */
test('npm start launches a broker when none is configured and Ctrl-C leaves none running', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', PORT: '3197', KAFKA_LOCAL_PORT: '19192', DB_NAME: 'bank_crm_test', SEED_DEMO: 'false', LOG_LEVEL: 'warn', KAFKA_GROUP_ID: 'start-stop-test', QUEUE_PREFIX: 'bankcrm-startstop' };
  delete env.KAFKA_BROKERS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  const ready = await new Promise<boolean>((resolve) => {
    const t = setInterval(() => { if (out.includes('[start] ready in')) { clearInterval(t); resolve(true); } }, 100);
    child.once('exit', () => { clearInterval(t); resolve(false); });
  });
  expect(ready ? 'ready' : out).toBe('ready');
  expect(out).toContain('using 127.0.0.1:19192 (launched)');
  const brokerPid = Number(/broker pid (\d+)/.exec(out)?.[1] ?? NaN);

  child.kill('SIGINT');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(out).toContain('stopped Kafka broker');
  expect(out).toContain('[start] stopped cleanly');
  expect(Number.isFinite(brokerPid)).toBe(true);
  expect(() => process.kill(brokerPid, 0)).toThrow();
  // Nothing answers on the broker's port any more.
  const { isKafkaAnswering } = await import('../docker/kafka/launcher.js');
  expect(await isKafkaAnswering(['127.0.0.1:19192'], 1500)).toBe(false);
}, 120_000);
