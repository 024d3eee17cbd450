/**
 * Starts a real Apache Kafka broker (3.9, single-node KRaft) as a child JVM for
 * local development and tests — no Docker needed, only Java 17 and Maven (used
 * once, to fetch the broker jars from Maven Central).
 *
 *   const kafka = await startKafka({ log: console.log });
 *   // ... use kafka.brokers ...
 *   await kafka.stop();
 *
 * Data lives under <repo>/.kafka/data-<port> and survives restarts, so only the
 * first start formats storage; pass freshData to begin from an empty cluster.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ensureKafkaJars, seconds, TailBuffer } from './jars.js';
import {
  assertJavaAvailable,
  assertPortFree,
  exitOf,
  findOrphanBroker,
  isAlive,
  removePidFile,
  settlesWithin,
  sleep,
  stopStaleBroker,
  terminate,
  writePidFile,
  type ExitInfo,
} from './processes.js';
import { newClusterId, renderServerProperties } from './server-properties.js';

export interface KafkaTopicSpec {
  name: string;
  partitions: number;
}

export interface KafkaLauncherOptions {
  /** Client (PLAINTEXT) port on 127.0.0.1. Default 9092. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default port + 1. */
  controllerPort?: number;
  /** Broker data, config, pid file and broker.log. Default <repo>/.kafka/data-<port>. */
  dataDir?: string;
  /** JVM max heap in MiB. Default 512. */
  heapMb?: number;
  /** Topics to create if missing. Default DEFAULT_TOPICS; [] creates none. */
  topics?: readonly KafkaTopicSpec[];
  /** Progress lines ("kafka: ..."). Default: silent. */
  log?: (line: string) => void;
  /** Delete dataDir first, for an empty cluster. Default false. */
  freshData?: boolean;
}

export interface RunningKafka {
  /** Bootstrap servers for clients, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  /** SIGTERM, up to 20 s for a clean shutdown, then SIGKILL. Safe to call more than once. */
  stop(): Promise<void>;
  /** Process id of the broker JVM. */
  pid: number;
  /** Settles when the broker JVM exits, for whatever reason (e.g. to notice a crash). */
  exited: Promise<ExitInfo>;
}

/** The topics the application uses; created on every start if missing. */
export const DEFAULT_TOPICS: readonly KafkaTopicSpec[] = Object.freeze([
  { name: 'customer-events', partitions: 3 },
  { name: 'message-events', partitions: 3 },
  { name: 'customer-events.dlq', partitions: 1 },
]);

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG4J_CONFIG = fileURLToPath(new URL('./log4j.properties', import.meta.url));

const ANSWER_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;
const BROKER_LOG_TAIL_LINES = 20;

interface ResolvedOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  heapMb: number;
  topics: readonly KafkaTopicSpec[];
  log: (line: string) => void;
  freshData: boolean;
}

/** Paths inside the data directory. */
interface DataLayout {
  dataDir: string;
  /** Kafka's log.dirs: segments and the KRaft metadata log, with meta.properties once formatted. */
  logDir: string;
  serverProperties: string;
  pidFile: string;
  brokerLog: string;
}

export async function startKafka(opts: KafkaLauncherOptions = {}): Promise<RunningKafka> {
  const startedAt = Date.now();
  const options = resolveOptions(opts);
  const { log, port } = options;
  const layout = dataLayout(options.dataDir);
  const brokers = [`127.0.0.1:${port}`];

  await assertJavaAvailable();
  const libsDir = await ensureKafkaJars(REPO_ROOT, log);

  // Order matters: a broker left over from an earlier run still holds the
  // ports and the data directory's lock, so it goes first.
  await stopStaleBroker(layout.pidFile, log);
  if (options.freshData) {
    log(`kafka: wiping ${layout.dataDir}`);
    await rm(layout.dataDir, { recursive: true, force: true });
  }
  await assertPortFree(port);
  await assertPortFree(options.controllerPort);

  await mkdir(layout.logDir, { recursive: true });
  await writeFile(layout.serverProperties, renderServerProperties({ port, controllerPort: options.controllerPort, logDir: layout.logDir }));
  if (!existsSync(path.join(layout.logDir, 'meta.properties'))) {
    log('kafka: formatting KRaft storage');
    await formatStorage(libsDir, layout);
  }

  log(`kafka: starting broker on 127.0.0.1:${port} (log: ${layout.brokerLog})`);
  const broker = await spawnBroker(libsDir, options.heapMb, layout);
  try {
    await waitUntilAnswering(brokers, broker.exited, layout.brokerLog);
    log(`kafka: broker up on ${brokers[0]} in ${seconds(Date.now() - startedAt)} s`);
    if (options.topics.length > 0) {
      await ensureTopics(brokers, options.topics, log);
      log(`kafka: topics ready: ${options.topics.map((t) => t.name).join(', ')}`);
    }
  } catch (err) {
    await broker.stop();
    throw err;
  }
  return { brokers, stop: broker.stop, pid: broker.pid, exited: broker.exited };
}

/**
 * A broker this launcher started for the port's data directory, whose
 * launcher was killed without stopping it (e.g. `npm start` got SIGKILL: no
 * exit handler runs, and the JVM lives on). Such an orphan is not "someone
 * else's broker": it answers on the port, but nobody would ever stop it.
 *
 * If it answers, it is adopted: the pid file now names this process as its
 * launcher, and the returned stop() (and this process's exit) stops it. If it
 * does not answer, it is stopped, and the caller launches a fresh one.
 * Undefined when there is no orphan (no pid file, a dead pid, or a broker
 * whose launcher is still running).
 */
export async function adoptOrphanBroker(opts: KafkaLauncherOptions = {}): Promise<RunningKafka | undefined> {
  const options = resolveOptions(opts);
  const layout = dataLayout(options.dataDir);
  const pid = await findOrphanBroker(layout.pidFile);
  if (pid === undefined) return undefined;
  const brokers = [`127.0.0.1:${options.port}`];
  if (!(await isKafkaAnswering(brokers, 5_000))) {
    options.log(`kafka: broker pid ${pid} left by a killed start does not answer; stopping it`);
    await stopStaleBroker(layout.pidFile, options.log);
    return undefined;
  }
  await writePidFile(layout.pidFile, pid);
  options.log(`kafka: adopted broker pid ${pid} on ${brokers[0]}, left running by a start that was killed; it stops with this process`);

  // Not our child: its exit can only be noticed by polling.
  const exited = new Promise<ExitInfo>((resolve) => {
    const timer = setInterval(() => {
      if (!isAlive(pid)) {
        clearInterval(timer);
        resolve({ code: null, signal: null });
      }
    }, 500);
    timer.unref();
  });
  const killOnExit = (): void => {
    if (isAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  };
  process.on('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await terminate(pid, STOP_GRACE_MS);
      process.off('exit', killOnExit);
      await removePidFile(layout.pidFile, pid);
    })());
  return { brokers, stop, pid, exited };
}

/**
 * True if a Kafka broker at `brokers` answers a metadata request within
 * `timeoutMs` (default 2000). Never throws.
 */
export async function isKafkaAnswering(brokers: string[], timeoutMs = 2_000): Promise<boolean> {
  const admin = quietAdmin(brokers, timeoutMs);
  const probe = (async () => {
    await admin.connect();
    await admin.describeCluster();
    return true;
  })();
  probe.catch(() => undefined); // may reject after the timeout won the race
  try {
    return await Promise.race([probe, sleep(timeoutMs).then(() => false)]);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function resolveOptions(opts: KafkaLauncherOptions): ResolvedOptions {
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? port + 1;
  if (controllerPort === port) throw new Error(`kafka: controllerPort must differ from port (${port})`);
  return {
    port,
    controllerPort,
    dataDir: path.resolve(opts.dataDir ?? path.join(REPO_ROOT, '.kafka', `data-${port}`)),
    heapMb: opts.heapMb ?? 512,
    topics: opts.topics ?? DEFAULT_TOPICS,
    log: opts.log ?? (() => undefined),
    freshData: opts.freshData ?? false,
  };
}

function dataLayout(dataDir: string): DataLayout {
  return {
    dataDir,
    logDir: path.join(dataDir, 'kafka-logs'),
    serverProperties: path.join(dataDir, 'server.properties'),
    pidFile: path.join(dataDir, 'broker.pid'),
    brokerLog: path.join(dataDir, 'broker.log'),
  };
}

/** JVM options shared by the storage tool and the broker. */
function javaArgs(libsDir: string): string[] {
  // The class path wildcard is expanded by java itself (no shell involved).
  return [`-Dlog4j.configuration=file:${LOG4J_CONFIG}`, '-Djava.awt.headless=true', '-cp', path.join(libsDir, '*')];
}

/** One-time `kafka-storage.sh format`: writes meta.properties and the initial KRaft metadata. */
async function formatStorage(libsDir: string, layout: DataLayout): Promise<void> {
  const args = [...javaArgs(libsDir), 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', layout.serverProperties];
  const tool = spawn('java', args, { cwd: layout.dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new TailBuffer(20);
  tool.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  tool.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const { code, signal } = await exitOf(tool);
  if (code !== 0) {
    throw new Error(`kafka: formatting storage in ${layout.logDir} failed (${signal ?? `exit code ${code}`}):\n${output.text()}`);
  }
}

interface BrokerProcess {
  pid: number;
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

async function spawnBroker(libsDir: string, heapMb: number, layout: DataLayout): Promise<BrokerProcess> {
  const args = [
    `-Xms${Math.min(128, heapMb)}m`,
    `-Xmx${heapMb}m`,
    // GC settings from Kafka's own kafka-run-class.sh.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    ...javaArgs(libsDir),
    'kafka.Kafka',
    layout.serverProperties,
  ];
  // The JVM writes straight into broker.log (no pipe through this process), so
  // its output is kept even if the parent is busy, and the file is truncated
  // on each start so its tail describes this run.
  const logFd = openSync(layout.brokerLog, 'w');
  let child: ChildProcess;
  try {
    child = spawn('java', args, { cwd: layout.dataDir, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = exitOf(child);
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error('kafka: could not start `java` for the broker');
  }
  await writePidFile(layout.pidFile, pid);

  // Safety net for a parent that exits without calling stop() (e.g. a test
  // runner calling process.exit): only synchronous work is possible in an
  // 'exit' handler, so kill outright. A parent killed by a signal never runs
  // this; the pid file lets the next start clean up instead.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    try {
      if (readFileSync(layout.pidFile, 'utf8').trim() === String(pid)) unlinkSync(layout.pidFile);
    } catch {
      // No pid file: nothing to clean.
    }
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // Kafka's shutdown hook closes logs and quorum cleanly.
        if (!(await settlesWithin(exited, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      process.off('exit', killOnExit);
      await removePidFile(layout.pidFile, pid);
    })());

  return { pid, exited, stop };
}

async function waitUntilAnswering(brokers: string[], exited: Promise<ExitInfo>, brokerLog: string): Promise<void> {
  let exit: ExitInfo | undefined;
  void exited.then((info) => (exit = info));
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exit) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      throw new Error(
        `kafka: the broker ${how} before answering. Last lines of ${brokerLog}:\n${tailOf(brokerLog)}\n` +
          '(If its data directory is damaged or from another setup, start with freshData: true / `npm run kafka -- --fresh`.)',
      );
    }
    if (await isKafkaAnswering(brokers, 2_000)) return;
    await sleep(250);
  }
  throw new Error(`kafka: the broker did not answer on ${brokers.join(',')} within ${ANSWER_TIMEOUT_MS / 1000} s. Last lines of ${brokerLog}:\n${tailOf(brokerLog)}`);
}

function tailOf(file: string): string {
  try {
    const buffer = new TailBuffer(BROKER_LOG_TAIL_LINES);
    buffer.push(readFileSync(file));
    return buffer.text() || '(empty)';
  } catch {
    return '(no log written)';
  }
}

/** Creates missing topics and adds partitions to existing ones that have fewer than asked; idempotent. */
async function ensureTopics(brokers: string[], topics: readonly KafkaTopicSpec[], log: (line: string) => void): Promise<void> {
  // Unlike the probe, this admin retries: right after start-up the broker may
  // briefly refuse topic creation while its controller finishes electing itself.
  const admin = quietAdmin(brokers, 10_000, 5);
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      log(`kafka: creating topics ${missing.map((t) => `${t.name} (${t.partitions})`).join(', ')}`);
      await admin.createTopics({
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: 1 })),
        // KafkaJS's own wait throws on the first "does not host this topic-partition"; waitForLeaders below polls.
        waitForLeaders: false,
      });
    }
    await growPartitions(
      admin,
      topics.filter((t) => existing.has(t.name)),
      log,
    );
    await waitForLeaders(admin, topics);
  } finally {
    await admin.disconnect();
  }
}

async function growPartitions(admin: Admin, topics: readonly KafkaTopicSpec[], log: (line: string) => void): Promise<void> {
  if (topics.length === 0) return;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
  const tooSmall = topics.filter((t) => (metadata.find((m) => m.name === t.name)?.partitions.length ?? t.partitions) < t.partitions);
  if (tooSmall.length === 0) return;
  log(`kafka: adding partitions to ${tooSmall.map((t) => `${t.name} (-> ${t.partitions})`).join(', ')}`);
  await admin.createPartitions({ topicPartitions: tooSmall.map((t) => ({ topic: t.name, count: t.partitions })) });
}

/**
 * createTopics' waitForLeaders only covers topics it just created; this also
 * covers existing ones after a restart, whose partitions get their leader a
 * moment after the broker starts answering.
 */
async function waitForLeaders(admin: Admin, topics: readonly KafkaTopicSpec[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
      const ready = topics.every((t) => {
        const partitions = metadata.find((m) => m.name === t.name)?.partitions ?? [];
        return partitions.length >= t.partitions && partitions.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    if (Date.now() >= deadline) throw new Error(`kafka: topics ${topics.map((t) => t.name).join(', ')} have no partition leaders after 30 s`);
    await sleep(200);
  }
}

/** An admin client that fails fast and logs nothing: the launcher reports progress itself. */
function quietAdmin(brokers: string[], timeoutMs: number, retries = 0): Admin {
  return new Kafka({
    clientId: 'kafka-launcher',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries },
  }).admin();
}
