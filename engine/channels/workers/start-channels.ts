import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { ChannelsConfig } from '../../config/channels.config.js';
import type { Logger } from '../../observability/logger.js';
import type { PiiCipher } from '../../crypto/pii-cipher.js';
import type { SendJob } from '../../journeys/runtime/journey-queues.js';
import type { SendChannel } from '../policy/send-policy.config.js';
import type { GatewayEndpoints } from '../gateway-endpoints.js';
import { SmtpGateway } from './gateways/smtp-gateway.js';
import { SmppGateway } from './gateways/smpp-gateway.js';
import { PushGateway } from './gateways/push-gateway.js';
import { MessageDeliverer, type ChannelGateways, type DelivererDeps, type MessageLinks } from './deliver-message.js';
import { ChannelWorkers } from './channel-workers.js';

export interface StartChannelsOptions {
  ds: DataSource;
  redis: Redis;
  keyPrefix: string;
  queues: Record<SendChannel, Queue.Queue<SendJob>>;
  cipher: PiiCipher;
  templates: DelivererDeps['templates'];
  links: MessageLinks;
  endpoints: Pick<GatewayEndpoints, 'smtp' | 'smpp' | 'push'>;
  config: ChannelsConfig;
  logger: Logger;
  kickOutbox: () => void;
  now?: () => Date;
  sweepEveryMs?: number;
  claimTimeoutMs?: number;
  retryInitialMs?: number;
  breaker?: DelivererDeps['breaker'];
  /** SMPP client knobs (tests shorten them). */
  smpp?: { throttleBackoffMs?: number; responseTimeoutMs?: number };
}

export interface RunningChannels {
  deliverer: MessageDeliverer;
  workers: ChannelWorkers;
  gateways: ChannelGateways;
  stop(): Promise<void>;
}

/** Builds the gateway clients for the resolved endpoints, the deliverer and the Bull workers, and starts them. */
export async function startChannels(o: StartChannelsOptions): Promise<RunningChannels> {
  let workers: ChannelWorkers | null = null;
  const gateways: ChannelGateways = {
    sms: o.endpoints.smpp
      ? new SmppGateway(o.endpoints.smpp, {
          onReceipt: (r) => workers?.receipt(r),
          onLog: (msg, err) => o.logger.warn({ err }, msg),
          ...o.smpp,
        })
      : null,
    email: o.endpoints.smtp ? new SmtpGateway(o.endpoints.smtp) : null,
    push: o.endpoints.push ? new PushGateway(o.endpoints.push) : null,
  };
  const deliverer = new MessageDeliverer({
    ds: o.ds,
    redis: o.redis,
    keyPrefix: o.keyPrefix,
    cipher: o.cipher,
    templates: o.templates,
    links: o.links,
    gateways,
    config: o.config,
    logger: o.logger,
    kickOutbox: o.kickOutbox,
    ...(o.now ? { now: o.now } : {}),
    ...(o.claimTimeoutMs ? { claimTimeoutMs: o.claimTimeoutMs } : {}),
    ...(o.retryInitialMs ? { retryInitialMs: o.retryInitialMs } : {}),
    ...(o.breaker ? { breaker: o.breaker } : {}),
  });
  workers = new ChannelWorkers({
    ds: o.ds,
    deliverer,
    queues: o.queues,
    logger: o.logger,
    concurrency: o.config.concurrency,
    ...(o.sweepEveryMs !== undefined ? { sweepEveryMs: o.sweepEveryMs } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  // Bind the SMSC session up front so receipts for messages sent before a restart arrive; a dead SMSC is not fatal here.
  if (gateways.sms) await (gateways.sms as SmppGateway).connect().catch((err) => o.logger.warn({ err }, 'the SMSC is not reachable yet; SMS wait and retry'));
  workers.start();
  const w = workers;
  return {
    deliverer,
    workers: w,
    gateways,
    async stop() {
      await w.stop();
      deliverer.shutdown();
      await Promise.all(Object.values(gateways).map((g) => g?.close().catch(() => undefined)));
    },
  };
}
