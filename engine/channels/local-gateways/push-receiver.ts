/**
 * A local stand-in for FCM's HTTP v1 send endpoint:
 * POST /v1/projects/:project/messages:send with `Authorization: Bearer <token>`.
 * It validates the request the way FCM does (in shape, not in every rule) and records each accepted push.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { RingBuffer } from './ring-buffer.js';

export interface ReceivedPush {
  /** projects/<project>/messages/<id>, as returned to the caller. */
  name: string;
  project: string;
  token: string;
  title: string | undefined;
  body: string | undefined;
  image: string | undefined;
  data: Record<string, string> | undefined;
  receivedAt: Date;
}

export interface PushReceiverOptions {
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  /** The bearer token callers must present. */
  token?: string;
  capacity?: number;
  /** Request bodies larger than this get 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface PushReceiver {
  /** Base URL, e.g. http://127.0.0.1:40123 (the send URL is `${url}/v1/projects/<p>/messages:send`). */
  url: string;
  token: string;
  received(): ReceivedPush[];
  clear(): void;
  /** The next `count` valid requests get `status` (default 503, FCM's UNAVAILABLE) with a Retry-After header, and are not recorded. */
  failNext(count: number, status?: number): void;
  stop(): Promise<void>;
}

const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** The Google API error envelope FCM answers with. */
function sendError(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  const status = STATUS_NAMES[code] ?? 'UNKNOWN';
  const details = code === 400 ? [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' }] : undefined;
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } }));
}

type Parsed = { ok: true; push: Omit<ReceivedPush, 'name' | 'project' | 'receivedAt'> } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseSendRequest(body: unknown): Parsed {
  if (!isObject(body) || !isObject(body.message)) return { ok: false, message: 'Invalid JSON payload: "message" must be an object.' };
  const m = body.message;
  const known = new Set(['token', 'topic', 'condition', 'notification', 'data', 'android', 'apns', 'webpush', 'fcm_options', 'name']);
  const unknown = Object.keys(m).filter((k) => !known.has(k));
  if (unknown.length) return { ok: false, message: `Invalid JSON payload received. Unknown name "${unknown[0]}" at 'message'.` };
  if (typeof m.token !== 'string' || m.token === '') return { ok: false, message: 'message.token is required (this receiver supports token targets only).' };
  let title: string | undefined;
  let text: string | undefined;
  let image: string | undefined;
  if (m.notification !== undefined) {
    if (!isObject(m.notification)) return { ok: false, message: 'message.notification must be an object.' };
    for (const key of ['title', 'body', 'image'] as const) {
      const v = m.notification[key];
      if (v !== undefined && typeof v !== 'string') return { ok: false, message: `message.notification.${key} must be a string.` };
    }
    ({ title, body: text, image } = m.notification as { title?: string; body?: string; image?: string });
  }
  let data: Record<string, string> | undefined;
  if (m.data !== undefined) {
    if (!isObject(m.data) || Object.values(m.data).some((v) => typeof v !== 'string')) return { ok: false, message: 'message.data must map strings to strings.' };
    data = m.data as Record<string, string>;
  }
  for (const key of ['android', 'apns'] as const) {
    if (m[key] !== undefined && !isObject(m[key])) return { ok: false, message: `message.${key} must be an object.` };
  }
  return { ok: true, push: { token: m.token, title, body: text, image, data } };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startPushReceiver(options: PushReceiverOptions = {}): Promise<PushReceiver> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? 'local-push-token';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const store = new RingBuffer<ReceivedPush>(options.capacity ?? 1000);
  let failures = { remaining: 0, status: 503 };

  const server = createServer((req, res) => {
    void (async () => {
      const match = SEND_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
      if (!match) return sendError(res, 404, 'Not found.');
      if (req.method !== 'POST') return sendError(res, 405, 'Only POST is supported.', { allow: 'POST' });
      if (req.headers.authorization !== `Bearer ${token}`)
        return sendError(res, 401, 'Request is missing required authentication credential. Expected OAuth 2 access token.', {
          'www-authenticate': 'Bearer realm="https://accounts.google.com/"',
        });
      const raw = await readBody(req, maxBodyBytes);
      if (raw === 'too-large') return sendError(res, 413, `Request body exceeds ${maxBodyBytes} bytes.`);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(res, 400, 'Invalid JSON payload received.');
      }
      const parsed = parseSendRequest(body);
      if (!parsed.ok) return sendError(res, 400, parsed.message);
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        return sendError(res, failures.status, 'The service is currently unavailable (simulated).', { 'retry-after': '1' });
      }
      const project = decodeURIComponent(match[1]);
      const name = `projects/${project}/messages/${randomUUID()}`;
      store.push({ name, project, ...parsed.push, receivedAt: new Date() });
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ name }));
    })().catch(() => {
      if (!res.headersSent) sendError(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    token,
    received: () => store.toArray(),
    clear: () => store.clear(),
    failNext: (count, status = 503) => {
      failures = { remaining: count, status };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
