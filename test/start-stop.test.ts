import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { testEnv } from './support/test-env.js';

/**
 * The run command with no broker configured launches its own Kafka, and
 * SIGINT (Ctrl-C) stops everything, leaving no broker process behind; after
 * a SIGKILL (no exit handler runs, the broker lives on) the next start adopts
 * that broker and stops it on exit.
 */
// Ports next to the suite's own, so suites run side by side with TEST_PORT / TEST_KAFKA_PORT do not collide.
const brokerPort = testEnv.kafkaPort + 100;
const appPort = testEnv.port - 2;

interface Started {
  child: ChildProcess;
  output: () => string;
}

// If a test fails half-way, what it started must not outlive the suite.
const started: ChildProcess[] = [];
const brokerPids: number[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of brokerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function start(groupSuffix: string): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(appPort),
    KAFKA_LOCAL_PORT: String(brokerPort),
    DB_NAME: testEnv.dbName,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    KAFKA_GROUP_ID: `start-stop-test-${groupSuffix}`,
    QUEUE_PREFIX: `${testEnv.queuePrefix}-startstop`,
  };
  delete env.KAFKA_BROKERS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { child, output: () => out };
}

/** 'ready', or everything the command printed if it exited first. */
function ready({ child, output }: Started): Promise<string> {
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (output().includes('[start] ready in')) {
        clearInterval(t);
        resolve('ready');
      }
    }, 100);
    child.once('exit', () => {
      clearInterval(t);
      resolve(output());
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const brokerPidIn = (out: string) => {
  const pid = Number(/broker pid (\d+)/.exec(out)?.[1] ?? NaN);
  if (Number.isFinite(pid)) brokerPids.push(pid);
  return pid;
};

async function stopWithCtrlC(s: Started): Promise<void> {
  s.child.kill('SIGINT');
  const [code] = await once(s.child, 'exit');
  expect(code).toBe(0);
  expect(s.output()).toContain('stopped Kafka broker');
  expect(s.output()).toContain('[start] stopped cleanly');
}

async function nothingAnswers(): Promise<boolean> {
  const { isKafkaAnswering } = await import('../docker/kafka/launcher.js');
  return !(await isKafkaAnswering([`127.0.0.1:${brokerPort}`], 1500));
}

test('npm start launches a broker when none is configured and Ctrl-C leaves none running', async () => {
  const s = start('ctrl-c');
  expect(await ready(s)).toBe('ready');
  expect(s.output()).toContain(`using 127.0.0.1:${brokerPort} (launched)`);
  const brokerPid = brokerPidIn(s.output());
  expect(Number.isFinite(brokerPid)).toBe(true);

  await stopWithCtrlC(s);
  expect(alive(brokerPid)).toBe(false);
  expect(await nothingAnswers()).toBe(true);
}, 120_000);

test('after npm start is killed with SIGKILL, the next start adopts its broker and stops it on exit', async () => {
  const first = start('killed');
  expect(await ready(first)).toBe('ready');
  expect(first.output()).toContain(`using 127.0.0.1:${brokerPort} (launched)`);
  const brokerPid = brokerPidIn(first.output());
  expect(Number.isFinite(brokerPid)).toBe(true);

  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  // The situation this is about: no exit handler ran, and the broker outlived its launcher.
  expect(alive(brokerPid)).toBe(true);
  expect(await nothingAnswers()).toBe(false);

  const second = start('after-kill');
  expect(await ready(second)).toBe('ready');
  // Not "already-running" (someone else's, never stopped): this start owns it now.
  expect(second.output()).toContain(`using 127.0.0.1:${brokerPort} (adopted)`);
  expect(second.output()).toContain(`adopted broker pid ${brokerPid}`);

  await stopWithCtrlC(second);
  expect(alive(brokerPid)).toBe(false);
  expect(await nothingAnswers()).toBe(true);
}, 240_000);
