/**
 * Local servers of the real delivery protocols (SMTP, SMPP, FCM HTTP v1) for development, demos and
 * tests: each records what it received in memory (the last `capacity` per channel).
 */
import { startPushReceiver, type PushReceiver, type PushReceiverOptions, type ReceivedPush } from './push-receiver.js';
import { startSmsc, type ReceivedSms, type Smsc, type SmscOptions } from './smsc.js';
import { startSmtpSink, type ReceivedEmail, type SmtpSink, type SmtpSinkOptions } from './smtp-sink.js';

export { startPushReceiver, startSmsc, startSmtpSink };
export type { DeadMode } from './smsc.js';
export type { PushReceiver, PushReceiverOptions, ReceivedEmail, ReceivedPush, ReceivedSms, Smsc, SmscOptions, SmtpSink, SmtpSinkOptions };
export { DATA_CODING, encodeEucKr } from './sms-coding.js';

export interface LocalGatewaysOptions {
  host?: string;
  /** Per-channel ring buffer size. Default 1,000. */
  capacity?: number;
  smtp?: Omit<SmtpSinkOptions, 'host' | 'capacity'>;
  smpp?: Omit<SmscOptions, 'host' | 'capacity'>;
  push?: Omit<PushReceiverOptions, 'host' | 'capacity'>;
}

export interface LocalGateways {
  smtp: { host: string; port: number };
  smpp: { host: string; port: number; systemId: string; password: string };
  push: { url: string; token: string };
  received(): { email: ReceivedEmail[]; sms: ReceivedSms[]; push: ReceivedPush[] };
  clear(): void;
  stop(): Promise<void>;
  /** The servers themselves, for their failure switches (throttling, dead SMSC, failing push). */
  servers: { smtp: SmtpSink; smsc: Smsc; push: PushReceiver };
}

export async function startLocalGateways(options: LocalGatewaysOptions = {}): Promise<LocalGateways> {
  const common = { host: options.host ?? '127.0.0.1', capacity: options.capacity ?? 1000 };
  const started = await Promise.allSettled([
    startSmtpSink({ ...options.smtp, ...common }),
    startSmsc({ ...options.smpp, ...common }),
    startPushReceiver({ ...options.push, ...common }),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    // Do not leave the others listening.
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  const [smtp, smsc, push] = started.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [SmtpSink, Smsc, PushReceiver];

  return {
    smtp: { host: smtp.host, port: smtp.port },
    smpp: { host: smsc.host, port: smsc.port, systemId: smsc.systemId, password: smsc.password },
    push: { url: push.url, token: push.token },
    received: () => ({ email: smtp.received(), sms: smsc.received(), push: push.received() }),
    clear: () => {
      smtp.clear();
      smsc.clear();
      push.clear();
    },
    stop: async () => {
      await Promise.all([smtp.stop(), smsc.stop(), push.stop()]);
    },
    servers: { smtp, smsc, push },
  };
}
