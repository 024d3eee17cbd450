/**
 * A local SMTP server that accepts any sender and recipient, parses each message with mailparser
 * and records it. Local use only: it listens on 127.0.0.1, asks for no authentication and does not
 * offer STARTTLS (no certificate to manage; nothing leaves the machine).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import { RingBuffer } from './ring-buffer.js';

export interface ReceivedEmail {
  messageId: string | undefined;
  /** The From header's address(es), e.g. "bank@example.com". */
  from: string[];
  /** The SMTP envelope recipients (RCPT TO), which include Bcc. */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  headers: {
    'list-unsubscribe'?: string;
    'list-unsubscribe-post'?: string;
    'message-id'?: string;
  };
  receivedAt: Date;
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  /** Largest accepted message in bytes (SIZE extension; bigger ones get 552). Default 10 MiB. */
  maxMessageBytes?: number;
  capacity?: number;
}

export interface SmtpSink {
  host: string;
  port: number;
  received(): ReceivedEmail[];
  clear(): void;
  stop(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter((a) => a !== '');
}

function headerText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const store = new RingBuffer<ReceivedEmail>(options.capacity ?? 1000);

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: maxMessageBytes,
    disableReverseLookup: true,
    logger: false,
    banner: 'local SMTP sink (development only)',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (stream.sizeExceeded) {
            const err = Object.assign(new Error(`Message exceeds the ${maxMessageBytes}-byte limit`), { responseCode: 552 });
            callback(err);
            return;
          }
          // mailparser lower-cases header names; List-Unsubscribe is parsed into an object, so read the raw line.
          const raw = (name: string) => {
            const line = mail.headerLines.find((h) => h.key === name)?.line;
            return line === undefined
              ? undefined
              : line
                  .slice(line.indexOf(':') + 1)
                  .replace(/\r?\n[ \t]+/g, ' ')
                  .trim();
          };
          store.push({
            messageId: mail.messageId,
            from: addresses(mail.from),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject,
            text: mail.text,
            html: mail.html === false ? undefined : mail.html,
            headers: {
              'list-unsubscribe': raw('list-unsubscribe'),
              'list-unsubscribe-post': raw('list-unsubscribe-post') ?? headerText(mail.headers.get('list-unsubscribe-post')),
              'message-id': headerText(mail.headers.get('message-id')),
            },
            receivedAt: new Date(),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  server.on('error', () => {
    // A client's protocol error is answered on its own connection; nothing to do server-wide.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host,
    port,
    received: () => store.toArray(),
    clear: () => store.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Pooled clients keep their connections open; end them now rather than after smtp-server's grace period.
        for (const connection of server.connections) {
          connection.send(421, 'Server shutting down');
          connection.close();
        }
      }),
  };
}
