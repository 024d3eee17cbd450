/** What one timed GET returned. */
export interface Timed {
  status: number;
  ms: number;
  body: string;
}

/**
 * A staff member's browser reduced to a session cookie (as
 * test/support/console-client.ts, but for any base URL): logs in through the
 * real login form, then times console API calls end to end, body included.
 */
export class BenchClient {
  private cookie: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<void> {
    const res = await this.send('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });
    await res.text();
    if (res.status !== 302 || res.headers.get('location') !== '/admin') throw new Error(`login as ${email} failed: HTTP ${res.status}`);
  }

  async get(path: string): Promise<Timed> {
    const t0 = performance.now();
    const res = await this.send(path, { method: 'GET' });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t0, body };
  }

  private async send(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
    const headers = { ...init.headers, ...(this.cookie ? { cookie: this.cookie } : {}) };
    const res = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    // The session id changes at login; keep whichever cookie the server sent last.
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return res;
  }
}
