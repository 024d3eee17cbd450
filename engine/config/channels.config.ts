import { z } from 'zod';
import { int } from './env-values.js';

/**
 * The environment variables of the message channels (engine/channels): where
 * each gateway is, how fast it may be driven, the bank's own rules (caps,
 * suitability validity) and the sender printed on advertising. Merged into
 * config.schema.ts; `channelsConfigOf` turns the parsed values into the
 * `channels` part of AppConfig.
 *
 * A channel without a configured gateway is served, outside production, by
 * the local servers of the same protocol (engine/channels/local-gateways),
 * started by `npm start`; in production every gateway must be configured.
 */

const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
    )
    .optional();

/** `sms:1/3,email:1/3,push:2/5`: advertising messages per customer per Seoul day / week, per channel. */
const capsPattern = /^(sms|email|push):\d{1,4}\/\d{1,5}$/;
const caps = z
  .string()
  .default('sms:1/3,email:1/3,push:2/5')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(capsPattern, 'each entry must be channel:perDay/perWeek, e.g. sms:1/3')))
  .transform((entries) => {
    const out: Record<'sms' | 'email' | 'push', { perDay: number; perWeek: number }> = {
      sms: { perDay: 1, perWeek: 3 },
      email: { perDay: 1, perWeek: 3 },
      push: { perDay: 2, perWeek: 5 },
    };
    for (const e of entries) {
      const [channel, counts] = e.split(':') as ['sms' | 'email' | 'push', string];
      const [perDay, perWeek] = counts.split('/').map(Number) as [number, number];
      out[channel] = { perDay, perWeek };
    }
    return out;
  });

export const channelEnv = {
  SMTP_URL: urlWithScheme(['smtp', 'smtps']),
  SMTP_FROM: z.string().min(3).default('은행 <noreply@bank.example>'),
  SMTP_POOL_SIZE: int(1, 50, 5),
  SMPP_URL: urlWithScheme(['smpp']),
  SMPP_SOURCE_ADDR: z
    .string()
    .regex(/^[0-9]{3,16}$/, 'digits only (the bank’s registered sender number)')
    .default('15880000'),
  SMPP_WINDOW: int(1, 100, 10),
  SMS_DATA_CODING: z.enum(['euc-kr', 'ucs2']).default('euc-kr'),
  PUSH_URL: urlWithScheme(['http', 'https']),
  PUSH_TOKEN: z.string().min(8).optional(),
  CHANNEL_LOCAL_GATEWAYS: z.enum(['auto', 'true', 'false']).default('auto'),
  CHANNEL_RATE_SMS: int(1, 100_000, 1500),
  CHANNEL_RATE_EMAIL: int(1, 100_000, 500),
  CHANNEL_RATE_PUSH: int(1, 100_000, 3000),
  CHANNEL_CONCURRENCY: int(1, 500, 100),
  CHANNEL_ATTEMPTS: int(1, 20, 5),
  CHANNEL_FREQUENCY_CAPS: caps,
  SUITABILITY_VALIDITY_DAYS: int(1, 3650, 365),
  SMS_MAX_BYTES: int(40, 140, 90),
  LMS_MAX_BYTES: int(140, 4000, 2000),
  BANK_NAME: z.string().min(1).max(100).default('한빛은행'),
  BANK_CONTACT_NUMBER: z.string().min(3).max(40).default('1588-0000'),
  BANK_OPT_OUT_NUMBER: z
    .string()
    .regex(/^080-\d{3,4}-\d{4}$/, 'a free 080 number such as 080-123-4567')
    .default('080-000-0000'),
  PUSH_OPT_OUT_TEXT: z.string().min(5).max(200).optional(),
  BANK_PRODUCT_URL: z
    .string()
    .regex(/^https?:\/\/\S+\{code\}\S*$/, 'an http(s) URL with {code} where the product code goes')
    .default('https://www.bank.example/products/{code}'),
  TRACKING_SECRET: z.string().min(32, 'at least 32 characters').optional(),
} as const;

export const channelFixHints: Record<keyof typeof channelEnv, string> = {
  SMTP_URL: 'set SMTP_URL to the mail relay, e.g. smtp://user:password@mail.bank.internal:587, or leave it unset outside production to use the local SMTP server',
  SMTP_FROM: 'set SMTP_FROM to the sender of marketing mail, e.g. "한빛은행 <noreply@bank.example>"',
  SMTP_POOL_SIZE: 'set SMTP_POOL_SIZE to the pooled SMTP connections (1-50)',
  SMPP_URL: 'set SMPP_URL to the SMSC, e.g. smpp://systemId:password@smsc.carrier.example:2775, or leave it unset outside production to use the local SMSC',
  SMPP_SOURCE_ADDR: 'set SMPP_SOURCE_ADDR to the registered sender number (digits only)',
  SMPP_WINDOW: 'set SMPP_WINDOW to the submit_sm requests in flight per SMPP session (1-100)',
  SMS_DATA_CODING: 'set SMS_DATA_CODING to euc-kr (KS C 5601, what Korean carriers count) or ucs2',
  PUSH_URL: 'set PUSH_URL to the FCM v1 send endpoint, e.g. https://fcm.googleapis.com/v1/projects/<project>/messages:send, or leave it unset outside production',
  PUSH_TOKEN: "set PUSH_TOKEN to the push endpoint's bearer token (8+ characters)",
  CHANNEL_LOCAL_GATEWAYS: 'set CHANNEL_LOCAL_GATEWAYS to auto (local servers for unconfigured channels outside production), true or false',
  CHANNEL_RATE_SMS: 'set CHANNEL_RATE_SMS to the SMS per second the SMSC contract allows (1-100000)',
  CHANNEL_RATE_EMAIL: 'set CHANNEL_RATE_EMAIL to the e-mails per second the relay allows (1-100000)',
  CHANNEL_RATE_PUSH: 'set CHANNEL_RATE_PUSH to the pushes per second the push service allows (1-100000)',
  CHANNEL_CONCURRENCY: 'set CHANNEL_CONCURRENCY to the messages one worker process handles at once per channel (1-500)',
  CHANNEL_ATTEMPTS: 'set CHANNEL_ATTEMPTS to the delivery attempts per message before it is failed (1-20)',
  CHANNEL_FREQUENCY_CAPS: 'set CHANNEL_FREQUENCY_CAPS to channel:perDay/perWeek entries, e.g. sms:1/3,email:1/3,push:2/5',
  SUITABILITY_VALIDITY_DAYS: "set SUITABILITY_VALIDITY_DAYS to the days a customer's suitability assessment stays current (1-3650)",
  SMS_MAX_BYTES: 'set SMS_MAX_BYTES to the largest short message in bytes (40-140, Korean carriers: 90)',
  LMS_MAX_BYTES: 'set LMS_MAX_BYTES to the largest long message in bytes (140-4000, Korean carriers: 2000)',
  BANK_NAME: "set BANK_NAME to the sender's name printed on advertising",
  BANK_CONTACT_NUMBER: "set BANK_CONTACT_NUMBER to the bank's customer centre number",
  BANK_OPT_OUT_NUMBER: 'set BANK_OPT_OUT_NUMBER to the free opt-out number, e.g. 080-123-4567',
  BANK_PRODUCT_URL: 'set BANK_PRODUCT_URL to the product page address with {code} for the product code, e.g. https://www.bank.example/products/{code}',
  PUSH_OPT_OUT_TEXT: 'set PUSH_OPT_OUT_TEXT to how customers turn advertising pushes off in the app (5-200 characters)',
  TRACKING_SECRET: 'set TRACKING_SECRET to a random key of at least 32 characters (e.g. `openssl rand -hex 32`); it signs tracking and unsubscribe links',
};

type ChannelEnv = z.output<z.ZodObject<typeof channelEnv>>;

export interface SmtpGatewayConfig {
  url: string;
  from: string;
  poolSize: number;
}
export interface SmppGatewayConfig {
  url: string;
  sourceAddr: string;
  window: number;
  dataCoding: 'euc-kr' | 'ucs2';
}
export interface PushGatewayConfig {
  url: string;
  token: string;
}

export interface ChannelsConfig {
  /** Null when not configured: the local server is used (outside production) or the channel cannot start. */
  smtp: SmtpGatewayConfig | null;
  smpp: SmppGatewayConfig | null;
  push: PushGatewayConfig | null;
  /** Start local gateways for the channels left unconfigured. */
  localGateways: boolean;
  smtpFrom: string;
  smtpPoolSize: number;
  smppSourceAddr: string;
  smppWindow: number;
  smsDataCoding: 'euc-kr' | 'ucs2';
  ratePerSecond: { sms: number; email: number; push: number };
  concurrency: number;
  attempts: number;
  frequencyCaps: Record<'sms' | 'email' | 'push', { perDay: number; perWeek: number }>;
  suitabilityValidityDays: number;
  smsLimits: { smsBytes: number; lmsBytes: number };
  bank: { name: string; contactNumber: string; optOutNumber: string };
  /** The product page a recommendation links to, with `{code}` for the product code. */
  productUrl: string;
  pushOptOut: string | undefined;
  trackingSecret: string;
  trackingSecretGenerated: boolean;
}

export function channelsConfigOf(e: ChannelEnv, production: boolean, generatedSecret: () => string): ChannelsConfig {
  const missing = [!e.SMTP_URL && 'SMTP_URL', !e.SMPP_URL && 'SMPP_URL', !(e.PUSH_URL && e.PUSH_TOKEN) && 'PUSH_URL and PUSH_TOKEN'].filter(Boolean);
  if (production && missing.length) throw new Error(`${missing.join(', ')} required in production (no local gateways there)`);
  if (production && !e.TRACKING_SECRET) throw new Error('TRACKING_SECRET is required in production (it signs unsubscribe and tracking links)');
  if (e.PUSH_URL && !e.PUSH_TOKEN) throw new Error('PUSH_TOKEN is required with PUSH_URL');
  return {
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM, poolSize: e.SMTP_POOL_SIZE } : null,
    smpp: e.SMPP_URL ? { url: e.SMPP_URL, sourceAddr: e.SMPP_SOURCE_ADDR, window: e.SMPP_WINDOW, dataCoding: e.SMS_DATA_CODING } : null,
    push: e.PUSH_URL && e.PUSH_TOKEN ? { url: e.PUSH_URL, token: e.PUSH_TOKEN } : null,
    localGateways: e.CHANNEL_LOCAL_GATEWAYS === 'true' || (e.CHANNEL_LOCAL_GATEWAYS === 'auto' && !production),
    smtpFrom: e.SMTP_FROM,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    smppSourceAddr: e.SMPP_SOURCE_ADDR,
    smppWindow: e.SMPP_WINDOW,
    smsDataCoding: e.SMS_DATA_CODING,
    ratePerSecond: { sms: e.CHANNEL_RATE_SMS, email: e.CHANNEL_RATE_EMAIL, push: e.CHANNEL_RATE_PUSH },
    concurrency: e.CHANNEL_CONCURRENCY,
    attempts: e.CHANNEL_ATTEMPTS,
    frequencyCaps: e.CHANNEL_FREQUENCY_CAPS,
    suitabilityValidityDays: e.SUITABILITY_VALIDITY_DAYS,
    smsLimits: { smsBytes: e.SMS_MAX_BYTES, lmsBytes: e.LMS_MAX_BYTES },
    bank: { name: e.BANK_NAME, contactNumber: e.BANK_CONTACT_NUMBER, optOutNumber: e.BANK_OPT_OUT_NUMBER },
    productUrl: e.BANK_PRODUCT_URL,
    pushOptOut: e.PUSH_OPT_OUT_TEXT,
    trackingSecret: e.TRACKING_SECRET ?? generatedSecret(),
    trackingSecretGenerated: !e.TRACKING_SECRET,
  };
}
