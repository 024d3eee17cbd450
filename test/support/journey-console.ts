import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { appEnv, testEnv } from './test-env.js';

/**
 * The journey tests' own console process (journey-console.main.ts): the real
 * console with the real journey runtime behind its port, on TEST_PORT + 1,
 * beside the platform of the global setup (TEST_PORT, no runtime port).
 * Its AdminJS bundle goes to a directory of its own, so it never rewrites
 * the bundle the platform serves.
 */
export interface JourneyConsole {
  base: string;
  logPath: string;
  stop(): Promise<void>;
}

export async function startJourneyConsole(): Promise<JourneyConsole> {
  const port = testEnv.port + 1;
  const base = `http://127.0.0.1:${port}`;
  mkdirSync('test-results', { recursive: true });
  const logPath = resolve('test-results', `journey-console-${testEnv.queuePrefix}.log`);
  const out = createWriteStream(logPath);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/journey-console.main.ts'], {
    env: {
      ...appEnv(),
      PORT: String(port),
      PUBLIC_URL: base,
      COMPONENTS: 'admin',
      SEED_DEMO: 'false',
      ADMIN_JS_TMP_DIR: resolve('test-results', `adminjs-${testEnv.queuePrefix}`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`journey console did not start in 120 s; see ${logPath}`)), 120_000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('[journey-console] ready')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`journey console exited with ${code}:\n${readFileSync(logPath, 'utf8').slice(-3000)}`));
    });
  });
  return {
    base,
    logPath,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

export interface JsonReply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/**
 * A staff member's session (cookie) or a bank system (bearer token) against
 * a console at `base`: logs in through the real login form.
 */
export class HttpClient {
  cookie: string | null = null;

  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; json?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<JsonReply> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookie && headers.cookie === undefined) headers.cookie = this.cookie;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(`${this.base}${path}`, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  static async loggedIn(base: string, role: string): Promise<HttpClient> {
    const c = new HttpClient(base);
    const body = new URLSearchParams({ email: `${role}@demo.bank`, password: testEnv.demoPassword }).toString();
    const r = await c.request('/admin/login', { method: 'POST', raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (r.status !== 302) throw new Error(`login as ${role} failed: ${r.status}`);
    return c;
  }
}
