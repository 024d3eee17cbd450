import http from 'node:http';
import https from 'node:https';
import { OperationalError } from '../../../errors/operational.error.js';
import { UserError } from '../../../errors/user.error.js';
import type { PushGatewayConfig } from '../../../config/channels.config.js';
import type { GatewayAccepted, GatewayClient, OutgoingPush } from './gateway.types.js';

/**
 * Push over HTTP in the FCM HTTP v1 shape (`POST .../messages:send` with
 * `{ message: { token, notification, data } }` and a bearer token), over a
 * keep-alive connection pool. FCM answers `{ name }`; that is the provider id.
 *
 * Errors: 400 (INVALID_ARGUMENT) and 404 (UNREGISTERED: the app was removed)
 * are user errors; 401/403 (our credentials), 429 and 5xx are operational.
 */
export class PushGateway implements GatewayClient<OutgoingPush> {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    private readonly config: PushGatewayConfig,
    connections = 32,
  ) {
    this.url = new URL(config.url);
    const options = { keepAlive: true, maxSockets: connections, keepAliveMsecs: 30_000 };
    this.agent = this.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  }

  async send(m: OutgoingPush): Promise<GatewayAccepted> {
    const data: Record<string, string> = { messageId: String(m.messageId) };
    if (m.deepLink) data.deepLink = m.deepLink;
    const body = JSON.stringify({
      message: {
        token: m.token,
        notification: { title: m.title, body: m.body, ...(m.imageUrl ? { image: m.imageUrl } : {}) },
        data,
      },
    });
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.post(body));
    } catch (err) {
      throw new OperationalError('pushUnavailable', `the push service could not be reached (${(err as { code?: string }).code ?? 'error'})`, { cause: err });
    }
    if (status === 200) {
      const name = safeJson(text)?.name;
      if (typeof name !== 'string' || !name) throw new OperationalError('pushBadAnswer', 'the push service answered 200 without a message name');
      return { providerMessageId: name, response: `HTTP 200` };
    }
    const apiStatus = String(safeJson(text)?.error?.status ?? '').slice(0, 40);
    const answer = `HTTP ${status}${apiStatus ? ` ${apiStatus}` : ''}`;
    if (status === 400 || status === 404) throw new UserError('pushRefused', `the push service refused the message (${answer})`);
    throw new OperationalError('pushTemporary', `the push service did not take the message (${answer})`);
  }

  private post(body: string): Promise<{ status: number; text: string }> {
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: 10_000,
          headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('push request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

function safeJson(text: string): { name?: unknown; error?: { status?: unknown } } | null {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
