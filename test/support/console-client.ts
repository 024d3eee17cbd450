import { baseUrl } from './test-env.js';

export interface Reply {
  status: number;
  location: string | null;
  body: string;
  json<T = any>(): T;
}

/**
 * A staff member's browser, reduced to cookies and HTTP: logs in through the
 * real login form and calls the console's pages and API.
 */
export class ConsoleClient {
  private cookie: string | null = null;

  async request(path: string, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(`${baseUrl()}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), body: text, json: () => JSON.parse(text) };
  }

  login(email: string, password: string): Promise<Reply> {
    return this.request('/admin/login', { form: { email, password } });
  }

  static async loggedIn(email: string, password: string): Promise<ConsoleClient> {
    const c = new ConsoleClient();
    const r = await c.login(email, password);
    if (r.status !== 302 || r.location !== '/admin') throw new Error(`login as ${email} failed: ${r.status}`);
    return c;
  }
}
