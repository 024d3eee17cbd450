import type { ChannelsConfig, PushGatewayConfig, SmppGatewayConfig, SmtpGatewayConfig } from '../config/channels.config.js';
import { startLocalGateways, type LocalGateways } from './local-gateways/index.js';

/** Where each channel worker delivers: the configured gateway, or the local server of the same protocol. */
export interface GatewayEndpoints {
  smtp: SmtpGatewayConfig | null;
  smpp: SmppGatewayConfig | null;
  push: PushGatewayConfig | null;
  /** The local servers started for unconfigured channels (the console's 발송함 page reads them), or null. */
  local: LocalGateways | null;
  /** One line per channel for the start-up log: which gateway it uses. */
  describe(): string[];
}

/**
 * Starts the local SMTP server, SMSC and push receiver when a channel has no gateway configured and local
 * gateways are allowed (development, demo); production refuses to start without every gateway
 * (channels.config.ts). A channel with neither has no endpoint: its worker leaves messages queued.
 */
export async function resolveGatewayEndpoints(config: ChannelsConfig): Promise<GatewayEndpoints> {
  const needLocal = config.localGateways && (!config.smtp || !config.smpp || !config.push);
  const local = needLocal ? await startLocalGateways({ capacity: 1000 }) : null;
  const smtp = config.smtp ?? (local ? { url: `smtp://${local.smtp.host}:${local.smtp.port}`, from: config.smtpFrom, poolSize: config.smtpPoolSize } : null);
  const smpp =
    config.smpp ??
    (local
      ? {
          url: `smpp://${encodeURIComponent(local.smpp.systemId)}:${encodeURIComponent(local.smpp.password)}@${local.smpp.host}:${local.smpp.port}`,
          sourceAddr: config.smppSourceAddr,
          window: config.smppWindow,
          dataCoding: config.smsDataCoding,
        }
      : null);
  const push = config.push ?? (local ? { url: `${local.push.url}/v1/projects/local-bank/messages:send`, token: local.push.token } : null);
  const where = (configured: unknown, endpoint: unknown, name: string) =>
    configured ? `${name}: configured gateway` : endpoint ? `${name}: local server` : `${name}: no gateway (messages stay queued)`;
  return {
    smtp,
    smpp,
    push,
    local,
    describe: () => [where(config.smtp, smtp, 'e-mail (SMTP)'), where(config.smpp, smpp, 'SMS/LMS (SMPP)'), where(config.push, push, 'push (FCM v1)')],
  };
}
