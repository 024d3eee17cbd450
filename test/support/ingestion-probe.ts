import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { appEnv, baseUrl, testBrokers } from './test-env.js';

/**
 * What the ingestion tests observe of the running platform from outside:
 * its /metrics and /readyz over HTTP, and the DLQ topic through a consumer.
 */
export const testKafka = () => new Kafka({ clientId: `ingestion-probe-${randomUUID()}`, brokers: testBrokers(), logLevel: logLevel.NOTHING });

/** Polls `fn` until `ok` holds or `ms` passes; returns the last value (the caller's expect then shows it). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000, everyMs = 200): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Sum of a Prometheus metric's samples whose labels include `labels` (0 when absent). */
export async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const token = appEnv().METRICS_TOKEN;
  const res = await fetch(`${baseUrl()}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

export interface Readiness {
  status: number;
  ingestion: string | undefined;
}

export async function readiness(): Promise<Readiness> {
  const res = await fetch(`${baseUrl()}/readyz`);
  const body = (await res.json()) as { checks?: Record<string, string> };
  return { status: res.status, ingestion: body.checks?.ingestion };
}

export interface DeadLetterSeen {
  reason: string;
  headers: Record<string, string>;
  key: string | null;
  value: Buffer | null;
}

/** Reads the DLQ from the beginning into `seen` until stopped. */
export async function readDlq(topic = 'customer-events.dlq'): Promise<{ seen: DeadLetterSeen[]; stop: () => Promise<void> }> {
  const seen: DeadLetterSeen[] = [];
  const consumer: Consumer = testKafka().consumer({ groupId: `dlq-reader-${randomUUID()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v ?? '')]));
      seen.push({ reason: headers['dlq-reason'] ?? '', headers, key: message.key?.toString() ?? null, value: message.value });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}
