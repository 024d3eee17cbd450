import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';

/** How a child process ended: exit code, or the signal that killed it. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the child exits (or fails to spawn at all, which emits 'error' and maybe no 'exit'). */
export function exitOf(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: child.exitCode, signal: child.signalCode }));
  });
}

/** True if `exited` settles within `ms`. */
export async function settlesWithin(exited: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([exited.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with a clear message if `java` is missing or too old for Kafka 3.9 (needs 11+, 17 recommended). */
export function assertJavaAvailable(): Promise<void> {
  return new Promise((resolve, reject) => {
    const java = spawn('java', ['-version'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let banner = '';
    java.stderr.on('data', (chunk: Buffer) => (banner += chunk.toString()));
    java.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error('kafka: `java` is not on PATH. The local Kafka broker needs a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless).')
          : err,
      ),
    );
    java.on('close', (code) => {
      // `java -version` prints e.g. `openjdk version "17.0.15"` or, before 9, `"1.8.0_392"`.
      const match = /version "(?:1\.)?(\d+)/.exec(banner);
      const major = match ? Number(match[1]) : undefined;
      if (code !== 0) reject(new Error(`kafka: \`java -version\` failed (exit code ${code}):\n${banner.trim()}`));
      else if (major !== undefined && major < 11) reject(new Error(`kafka: Kafka 3.9 needs Java 11 or newer (17 recommended); found:\n${banner.trim()}`));
      else resolve();
    });
  });
}

/** Throws an Error naming the port if something already listens on host:port. */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `kafka: port ${port} on ${host} is already in use by another process (not a broker this launcher ` +
                `started for this data directory). Stop that process or choose another port.`,
            )
          : err,
      );
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

// --- pid file: lets a later start find a broker whose launcher died without stopping it ---
//
// Format: "<broker pid> <launcher pid>\n". The launcher pid tells a broker
// that still has its launcher (someone else's, running: leave it alone) from
// an orphan whose launcher was killed (SIGKILL runs no exit handler): the next
// start adopts the orphan and stops it on exit. Files from older versions hold
// only the broker pid; their launcher is unknown and treated as gone.

export interface PidFileEntry {
  brokerPid: number;
  launcherPid: number | undefined;
}

export async function writePidFile(pidFile: string, pid: number, launcherPid: number = process.pid): Promise<void> {
  await writeFile(pidFile, `${pid} ${launcherPid}\n`);
}

export async function readPidFileEntry(pidFile: string): Promise<PidFileEntry | undefined> {
  try {
    const [broker, launcher] = (await readFile(pidFile, 'utf8'))
      .trim()
      .split(/\s+/)
      .map((n) => Number.parseInt(n, 10));
    if (!Number.isInteger(broker) || broker! <= 0) return undefined;
    return { brokerPid: broker!, launcherPid: Number.isInteger(launcher) && launcher! > 0 ? launcher : undefined };
  } catch {
    return undefined;
  }
}

export async function readPidFile(pidFile: string): Promise<number | undefined> {
  return (await readPidFileEntry(pidFile))?.brokerPid;
}

/** Removes the pid file, but only while it still names `pid` (a newer start may own it by now). */
export async function removePidFile(pidFile: string, pid: number): Promise<void> {
  if ((await readPidFile(pidFile)) === pid) await rm(pidFile, { force: true });
}

/**
 * The pid of a live Kafka JVM this launcher started for `pidFile`'s data
 * directory whose launcher process is gone (killed, crashed); undefined if
 * there is none, or its launcher is still alive (then it is that launcher's).
 */
export async function findOrphanBroker(pidFile: string): Promise<number | undefined> {
  const entry = await readPidFileEntry(pidFile);
  if (!entry || !isAlive(entry.brokerPid) || !isKafkaJvm(entry.brokerPid)) return undefined;
  if (entry.launcherPid !== undefined && entry.launcherPid !== process.pid && isAlive(entry.launcherPid) && isNodeProcess(entry.launcherPid)) return undefined;
  return entry.brokerPid;
}

/**
 * If the pid file names a live Kafka JVM (a broker left behind by a launcher
 * that crashed or was killed), stop it: it holds the data directory's lock and
 * the ports. A pid that is dead or now belongs to some unrelated process is
 * only forgotten, never signalled.
 */
export async function stopStaleBroker(pidFile: string, log: (line: string) => void): Promise<void> {
  const pid = await readPidFile(pidFile);
  if (pid === undefined) return;
  if (isAlive(pid) && isKafkaJvm(pid)) {
    log(`kafka: stopping broker left running by an earlier start (pid ${pid})`);
    await terminate(pid, 10_000);
  }
  await rm(pidFile, { force: true });
}

/** True while `pid` runs (EPERM: it exists but belongs to another user, so it is not ours to stop either way). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isNodeProcess(pid: number): boolean {
  const commandLine = commandLineOf(pid);
  // A pid reused by something else after the launcher died is not the launcher.
  return commandLine !== undefined && /\bnode\b|tsx|jest/.test(commandLine);
}

function isKafkaJvm(pid: number): boolean {
  const commandLine = commandLineOf(pid);
  return commandLine !== undefined && /\bjava\b/.test(commandLine) && commandLine.includes('kafka.Kafka');
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); // Linux
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim(); // macOS
    } catch {
      return undefined;
    }
  }
}

/** SIGTERM (Kafka then shuts down cleanly), SIGKILL if still alive after `graceMs`. For processes we did not spawn. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return;
  signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(100);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
