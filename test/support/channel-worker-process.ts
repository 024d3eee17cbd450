/**
 * The channel workers as a process of their own, for the crash test: the same
 * MessageDeliverer and ChannelWorkers the platform builds, on the queues of
 * CRASH_QUEUE_PREFIX, to the SMTP server and SMSC given in the environment.
 * Its gateway clients are the real ones, wrapped so that the process kills
 * itself (SIGKILL, no clean-up) the moment a gateway has accepted a message
 * and before the worker could record it: the worst moment to die.
 * Prints "channels ready" once consuming.
 */
import { Redis } from 'ioredis';
import { connectDatabase } from '../../engine/db/data-source.js';
import { createLogger } from '../../engine/observability/logger.js';
import { createQueueFactory } from '../../engine/queues/queue-factory.js';
import { createJourneyQueues } from '../../engine/journeys/runtime/journey-queues.js';
import { loadConfig } from '../../engine/config/load-config.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { TemplateService } from '../../resources/template/template.service.js';
import { createTrackingLinks } from '../../engine/channels/tracking/tracking-links.js';
import { MessageDeliverer } from '../../engine/channels/workers/deliver-message.js';
import { ChannelWorkers } from '../../engine/channels/workers/channel-workers.js';
import { SmppGateway } from '../../engine/channels/workers/gateways/smpp-gateway.js';
import { SmtpGateway } from '../../engine/channels/workers/gateways/smtp-gateway.js';
import type { GatewayClient } from '../../engine/channels/workers/gateways/gateway.types.js';
import { dbServer } from './db.js';
import { testEnv } from './test-env.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const dieAfterAccept = <M>(real: GatewayClient<M>): GatewayClient<M> => ({
  async send(m) {
    const accepted = await real.send(m);
    process.kill(process.pid, 'SIGKILL');
    return accepted;
  },
  close: () => real.close(),
});

const logger = createLogger('warn');
const ds = await connectDatabase({ ...dbServer(), database: env('CRASH_DB_NAME') });
const redisUrl = env('CRASH_REDIS_URL');
const prefix = env('CRASH_QUEUE_PREFIX');
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
const queues = createJourneyQueues(createQueueFactory(redisUrl, prefix));
const config = loadConfig({ NODE_ENV: 'test', TRACKING_SECRET: testEnv.trackingSecret }).channels;
const deliverer = new MessageDeliverer({
  ds,
  redis,
  keyPrefix: prefix,
  cipher: new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')),
  templates: new TemplateService(ds, config.bank),
  links: createTrackingLinks({ publicUrl: env('CRASH_TRACKING_URL'), secret: testEnv.trackingSecret }),
  gateways: {
    sms: dieAfterAccept(new SmppGateway({ url: env('CRASH_SMPP_URL'), sourceAddr: '15880000', window: 5, dataCoding: 'euc-kr' })),
    email: dieAfterAccept(new SmtpGateway({ url: env('CRASH_SMTP_URL'), from: '한빛은행 <noreply@bank.example>', poolSize: 1 })),
    push: null,
  },
  config,
  logger,
  kickOutbox: () => undefined,
  now: () => new Date(Number(env('CRASH_CLOCK'))),
});
new ChannelWorkers({ ds, deliverer, queues: queues.send, logger, concurrency: 1, sweepEveryMs: 0 }).start();
process.stdout.write('channels ready\n');
