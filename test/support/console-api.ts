import type { ConsoleClient, Reply } from './console-client.js';

/** The console's JSON API for resources and actions, and what its answers mean to a test. */
export const api = '/admin/api/resources';

export interface Outcome {
  ok: boolean;
  forbidden: boolean;
  message: string;
  errors: Record<string, { message: string; type?: string }>;
  params: Record<string, any>;
  raw: any;
}

/** True when AdminJS refused the request for lack of permission (it answers HTTP 200). */
export const forbidden = (r: Reply) => r.status === 200 && r.body.includes('"ForbiddenError"');

/** Calls an action (POSTing `form` when given, undefined fields left out) and reads the AdminJS answer. */
export async function call(client: ConsoleClient, path: string, form?: Record<string, string | undefined>): Promise<Outcome> {
  const body = form && Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
  const r = body ? await client.request(path, { form: body }) : await client.request(path);
  expect(r.status).toBe(200);
  const j = r.json();
  return {
    ok: j.notice?.type === 'success',
    forbidden: j.record?.baseError?.type === 'ForbiddenError' || forbidden(r),
    message: String(j.notice?.message ?? ''),
    errors: j.record?.errors ?? {},
    params: j.record?.params ?? {},
    raw: j,
  };
}

/** The outcome when it succeeded; otherwise throws, naming `what` and why. */
export function must(o: Outcome, what: string): Outcome {
  if (!o.ok) throw new Error(`${what} failed: ${o.forbidden ? 'ForbiddenError' : o.message} ${JSON.stringify(o.errors)}`);
  return o;
}

/** The Korean calendar date `days` from today, as the console computes "today". */
export const kst = (days = 0) => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
