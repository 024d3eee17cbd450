import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The broker runs from plain jars fetched from Maven Central (the Kafka tarball
 * is not on any package registry). docker/kafka/pom.xml lists them; Maven's
 * dependency plugin copies them, with their transitive runtime dependencies,
 * into .kafka/libs, and java runs with "-cp .kafka/libs/*".
 *
 * A marker file holding the pom's hash records a completed copy, so later
 * starts skip Maven (and its JVM start-up) entirely, and editing the pom
 * (e.g. a new Kafka version) triggers exactly one fresh fetch.
 */

const MARKER_FILE = '.pom-sha256';

/** Jars whose absence means the copy is unusable (checked after every fetch). */
const REQUIRED_JAR_PREFIXES = ['kafka_2.13-', 'kafka-server-', 'kafka-storage-', 'kafka-raft-', 'scala-library-', 'slf4j-reload4j-'];

/** Fetches in flight in this process, so parallel starts (e.g. two brokers in one test run) share one Maven run. */
const inFlight = new Map<string, Promise<string>>();

/** Makes sure <repoRoot>/.kafka/libs holds the broker jars for the current pom; returns that directory. */
export function ensureKafkaJars(repoRoot: string, log: (line: string) => void): Promise<string> {
  let pending = inFlight.get(repoRoot);
  if (!pending) {
    pending = fetchIfStale(repoRoot, log).finally(() => inFlight.delete(repoRoot));
    inFlight.set(repoRoot, pending);
  }
  return pending;
}

async function fetchIfStale(repoRoot: string, log: (line: string) => void): Promise<string> {
  const pomFile = path.join(repoRoot, 'docker', 'kafka', 'pom.xml');
  const libsDir = path.join(repoRoot, '.kafka', 'libs');
  const pomHash = createHash('sha256')
    .update(await readFile(pomFile))
    .digest('hex');

  if (await jarsAreCurrent(libsDir, pomHash)) return libsDir;

  log('kafka: fetching broker jars from Maven Central (first run only)...');
  const startedAt = Date.now();
  // Copy into a private staging directory and swap it in at the end: two
  // launchers starting at once (e.g. two test workers) must never see a
  // half-filled libs directory, and jars of an older pom must not linger on
  // the class path next to the new ones.
  const stagingDir = `${libsDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await runMaven(pomFile, stagingDir);
    await assertRequiredJars(stagingDir);
    await writeFile(path.join(stagingDir, MARKER_FILE), `${pomHash}\n`);
    await swapIn(stagingDir, libsDir, pomHash);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
  const jarCount = (await readdir(libsDir)).filter((f) => f.endsWith('.jar')).length;
  log(`kafka: ${jarCount} jars ready in ${seconds(Date.now() - startedAt)} s`);
  return libsDir;
}

async function jarsAreCurrent(libsDir: string, pomHash: string): Promise<boolean> {
  try {
    return (await readFile(path.join(libsDir, MARKER_FILE), 'utf8')).trim() === pomHash;
  } catch {
    return false;
  }
}

async function swapIn(stagingDir: string, libsDir: string, pomHash: string): Promise<void> {
  // Another launcher may have finished the same fetch meanwhile: keep its copy.
  if (await jarsAreCurrent(libsDir, pomHash)) return;
  await mkdir(path.dirname(libsDir), { recursive: true });
  await rm(libsDir, { recursive: true, force: true });
  try {
    await rename(stagingDir, libsDir);
  } catch (err) {
    if (!(await jarsAreCurrent(libsDir, pomHash))) throw err;
  }
}

function runMaven(pomFile: string, outputDir: string): Promise<void> {
  const args = ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${outputDir}`];
  return new Promise((resolve, reject) => {
    const mvn = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = new TailBuffer(30);
    mvn.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    mvn.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    mvn.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(
              'kafka: `mvn` (Apache Maven) is not on PATH. It is needed once, to fetch the broker jars ' +
                'from Maven Central into .kafka/libs. Install Maven 3.8+ (Debian/Ubuntu: apt-get install maven).',
            )
          : err,
      );
    });
    mvn.on('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new Error(
          `kafka: Maven failed (${signal ? `signal ${signal}` : `exit code ${code}`}) fetching the broker jars ` +
            `with \`mvn ${args.join(' ')}\`. Last lines of its output:\n${output.text() || '(no output)'}`,
        ),
      );
    });
  });
}

async function assertRequiredJars(dir: string): Promise<void> {
  const files = await readdir(dir);
  const missing = REQUIRED_JAR_PREFIXES.filter((prefix) => !files.some((f) => f.startsWith(prefix) && f.endsWith('.jar')));
  if (missing.length > 0) {
    throw new Error(`kafka: Maven finished but these jars are missing from ${dir}: ${missing.join(', ')}`);
  }
}

/** Keeps only the last N lines of a stream, so a chatty failure cannot flood an error message. */
export class TailBuffer {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines: number) {}

  push(chunk: Buffer | string): void {
    // Maven prints colour-reset escapes even in batch mode; they only clutter an error message.
    // eslint-disable-next-line no-control-regex -- ESC is the character being stripped
    const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  text(): string {
    return [...this.lines, this.partial]
      .filter((line) => line.length > 0)
      .slice(-this.maxLines)
      .join('\n');
  }
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
