import { createHmac } from 'node:crypto';
import type { WebhookPayloadKey } from '../../definitions/journey/journey-action-nodes.schema.js';

/**
 * The pure half of a journey webhook: is the host allowed, what is the
 * body, which headers sign it, and what does an answer mean.
 *
 * Signature: `X-Journey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` with the configured secret, so the receiver can check both
 * origin and freshness (the Stripe scheme, which bank developers know).
 * `Idempotency-Key` is the (instance, block, visit) key: a retried call
 * carries the same key and the receiver can drop the repeat.
 */

export interface WebhookContext {
  customerNo: string;
  journeyId: number;
  journeyVersion: number;
  instanceId: string;
  nodeId: string;
  enteredAt: string;
  entryEventType: string | null;
  entryEventProperties: Record<string, unknown> | null;
}

/** host or host:port, lower-case, e.g. `crm.bank.internal` or `127.0.0.1:8443`. */
export function hostAllowed(url: string, allowed: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase();
  const hostPort = u.port ? `${host}:${u.port}` : host;
  return allowed.some((a) => a.toLowerCase() === host || a.toLowerCase() === hostPort);
}

export function webhookBody(keys: readonly WebhookPayloadKey[], ctx: WebhookContext): string {
  const body: Record<string, unknown> = {};
  for (const k of keys) body[k] = ctx[k];
  return JSON.stringify(body);
}

export function webhookHeaders(body: string, secret: string, idempotencyKey: string, nowMs: number): Record<string, string> {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
    'x-journey-signature': `t=${t},v1=${v1}`,
    'user-agent': 'bank-crm-journeys/1',
  };
}

export type WebhookVerdict = { kind: 'ok' } | { kind: 'retry'; code: string } | { kind: 'fail'; code: string };

/**
 * 2xx: done. 408, 425, 429 and 5xx: the receiver may succeed later, retry.
 * Any other 4xx: the request itself is refused, retrying cannot help (a
 * user error): the instance fails with `webhookRefused<status>`.
 */
export function verdictOfStatus(status: number): WebhookVerdict {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 408 || status === 425 || status === 429 || status >= 500) return { kind: 'retry', code: `webhookStatus${status}` };
  return { kind: 'fail', code: `webhookRefused${status}` };
}
