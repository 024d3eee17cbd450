import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningApp {
  stop(): Promise<void>;
}

/**
 * The real platform, started through the same entry point as `npm start` and
 * the test suite's global setup (its own broker, console, consumer, workers).
 * Its output goes to `logFile`; we wait for the "[start] ready in" line.
 */
export async function startApp(env: NodeJS.ProcessEnv, logFile: string, timeoutMs = 240_000): Promise<RunningApp> {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const app = { stop: () => stopChild(child) };
  try {
    await waitForReady(child, logFile, timeoutMs);
  } catch (err) {
    await app.stop();
    throw err;
  }
  return app;
}

function waitForReady(child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform not ready in ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      if (!buffer.includes('[start] ready in')) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before ready:\n${readFileSync(logFile, 'utf8').slice(-3000)}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGINT, as Ctrl-C: the platform stops its broker too. SIGKILL only if it hangs past its own 30 s limit. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  await exited;
  clearTimeout(timer);
}
