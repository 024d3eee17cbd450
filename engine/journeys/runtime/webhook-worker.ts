import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import { OperationalError } from '../../errors/operational.error.js';
import { jsonColumn } from '../../segments/json-column.util.js';
import type { WebhookJob } from './advance.js';
import type { JourneyCatalogue } from './journey-catalogue.js';
import type { JourneyRuntime } from './journey-runtime.js';
import { hostAllowed, verdictOfStatus, webhookBody, webhookHeaders, type WebhookContext } from './webhook-request.js';

export interface WebhookSettings {
  /** Hosts (host or host:port) a journey may call; empty refuses every call. */
  allowedHosts: string[];
  /** HMAC key of the signature header. */
  secret: string;
  timeoutMs: number;
  attempts: number;
}

/**
 * The `journey-webhook` worker: POSTs the block's JSON, then tells the
 * runtime. A host outside the allow-list or a 4xx answer fails the instance
 * at once (user error: retrying cannot help); a timeout, a network error or
 * a 5xx is retried by Bull with backoff, and after the last attempt the
 * instance fails with that code. A failed instance blocks nobody else.
 */
export function webhookProcessor(ds: DataSource, runtime: JourneyRuntime, catalogue: JourneyCatalogue, settings: WebhookSettings, now: () => Date) {
  return async (job: Queue.Job<WebhookJob>): Promise<string> => {
    const w = job.data;
    const fail = async (errorCode: string) => {
      await runtime.webhookResult(w.instanceId, w.nodeId, w.visit, { ok: false, errorCode });
      return errorCode;
    };
    if (!hostAllowed(w.url, settings.allowedHosts)) return fail('webhookHostNotAllowed');
    const ctx = await contextOf(ds, catalogue, w);
    if (!ctx) return 'instance gone';
    const body = webhookBody(w.payload, ctx);
    let status: number;
    try {
      const res = await fetch(w.url, {
        method: 'POST',
        body,
        headers: webhookHeaders(body, settings.secret, w.idempotencyKey, now().getTime()),
        redirect: 'error',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      const code = (err as Error)?.name === 'TimeoutError' ? 'webhookTimeout' : 'webhookUnreachable';
      return retryOrFail(job, settings, code, fail, err);
    }
    const verdict = verdictOfStatus(status);
    if (verdict.kind === 'ok') {
      await runtime.webhookResult(w.instanceId, w.nodeId, w.visit, { ok: true });
      return `ok ${status}`;
    }
    if (verdict.kind === 'fail') return fail(verdict.code);
    return retryOrFail(job, settings, verdict.code, fail);
  };
}

async function retryOrFail(job: Queue.Job<WebhookJob>, settings: WebhookSettings, code: string, fail: (code: string) => Promise<string>, cause?: unknown): Promise<string> {
  // attemptsMade counts the attempts before this one.
  if (job.attemptsMade + 1 >= (job.opts.attempts ?? settings.attempts)) return fail(code);
  throw new OperationalError(code, `webhook call failed (${code}); Bull retries with backoff`, { cause });
}

async function contextOf(ds: DataSource, catalogue: JourneyCatalogue, w: WebhookJob): Promise<WebhookContext | null> {
  const rows: Array<{ customer_no: string; entered_at: Date; entry_key: string; active: number | null }> = await ds.query(
    'SELECT customer_no, entered_at, entry_key, active FROM journey_instance WHERE id = ?',
    [w.instanceId],
  );
  const r = rows[0];
  if (!r || r.active === null) return null;
  let entryEventType: string | null = null;
  let entryEventProperties: Record<string, unknown> | null = null;
  if (r.entry_key.startsWith('e:')) {
    const ev: Array<{ type: string; properties: unknown }> = await ds.query('SELECT type, properties FROM behaviour_event WHERE event_id = ?', [r.entry_key.slice(2)]);
    if (ev[0]) {
      entryEventType = ev[0].type;
      entryEventProperties = jsonColumn(ev[0].properties);
    }
  }
  const version = await catalogue.version(w.versionId);
  return {
    customerNo: r.customer_no,
    journeyId: w.journeyId,
    journeyVersion: version.version,
    instanceId: w.instanceId,
    nodeId: w.nodeId,
    enteredAt: new Date(r.entered_at).toISOString(),
    entryEventType,
    entryEventProperties,
  };
}
