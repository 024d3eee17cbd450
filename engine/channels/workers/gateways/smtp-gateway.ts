import nodemailer, { type Transporter } from 'nodemailer';
import { OperationalError } from '../../../errors/operational.error.js';
import { UserError } from '../../../errors/user.error.js';
import type { SmtpGatewayConfig } from '../../../config/channels.config.js';
import type { GatewayAccepted, GatewayClient, OutgoingEmail } from './gateway.types.js';

/**
 * E-mail over SMTP with nodemailer's pooled transport: `poolSize` connections
 * kept open, messages spread over them. The Message-ID is ours (from the
 * message id and idempotency key), so a resubmission after a crash carries
 * the same one and receivers drop the duplicate.
 *
 * Errors: a 5xx reply to the recipient or the data (mailbox unknown, message
 * refused) is a user error, not retried; 4xx replies and connection problems
 * are operational.
 */
export class SmtpGateway implements GatewayClient<OutgoingEmail> {
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpGatewayConfig) {
    const url = new URL(config.url);
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: config.poolSize,
      maxMessages: Infinity,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(m: OutgoingEmail): Promise<GatewayAccepted> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.rfcMessageId,
        headers: m.headers,
      });
      if ((info.rejected ?? []).length > 0) throw new UserError('recipientRefused', `the mail server refused the recipient (${firstLine(info.response)})`);
      return { providerMessageId: info.messageId || m.rfcMessageId, response: firstLine(info.response) };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

const firstLine = (s: unknown) =>
  String(s ?? '')
    .split(/\r?\n/)[0]!
    .slice(0, 200);

/** nodemailer's errors carry `responseCode` (SMTP reply) or `code` (ECONNECTION, ETIMEDOUT, EAUTH, ...). */
export function classifySmtpError(err: unknown): Error {
  if (err instanceof UserError || err instanceof OperationalError) return err;
  const e = err as { responseCode?: number; code?: string; response?: string };
  if (typeof e.responseCode === 'number') {
    const text = `SMTP ${e.responseCode}`;
    if (e.responseCode >= 500) return new UserError('smtpRefused', `the mail server refused the message (${text})`, { cause: err });
    return new OperationalError('smtpTemporary', `the mail server deferred the message (${text})`, { cause: err });
  }
  if (e.code === 'EAUTH') return new OperationalError('smtpAuth', 'the mail server refused our login (check SMTP_URL)', { cause: err });
  return new OperationalError('smtpUnavailable', `the mail server could not be reached (${e.code ?? 'error'})`, { cause: err });
}
