import express from 'express';
import type { Server } from 'node:http';
import type { DomainServices } from '../resources/domain-services.js';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../engine/config/load-config.js';
import type { Logger } from '../engine/observability/logger.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdmin, adminRootPath, staticStyles, staticFonts, type ConsoleBranding } from './admin-app.js';
import { consoleBrandingOf } from '../engine/config/config.schema.js';
import { segmentApi } from './segments/segment-api.js';
import { journeyApi } from './journeys/journey-api.js';
import { serviceTokenApi } from './service-tokens/service-token-api.js';
import { templateApi } from './templates/template-api.js';
import { customerMessagesApi, messageApi } from './messages/message-api.js';
import { sentBoxApi } from './messages/sent-box-api.js';
import { TemplateService } from '../resources/template/template.service.js';
import { isBearerServiceCall, serviceApi, serviceApiMount } from './service-api/service-api.js';
import { ServiceTokenService } from '../resources/service-token/service-token.service.js';
import type { JourneyRuntimePort } from '../resources/journey/journey-runtime.port.js';
import type { LocalGateways } from '../engine/channels/local-gateways/index.js';
import { clientIpResolver } from './auth/client-ip.js';
import { bundleComponents } from './components/bundle-components.js';
import { buildAdminRouter } from './auth/admin-router.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { errorHandler } from './http/error-handler.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import { requestTiming } from './http/request-timing.js';
import { refuseBadQuery, strictQueryParser } from './http/query-parser.js';
import { noStore, nonceAdminJsPages, securityHeaders } from './http/security-headers.js';
import { originCheck } from './http/origin-check.js';
import { cspSafeBundles } from './http/csp-safe-bundles.js';
import { isUnsubscribePost, trackingRoutes } from '../engine/channels/tracking/tracking-routes.js';
import type { OutboxKick } from '../engine/outbox/outbox-kick.js';

export interface RunningAdmin {
  url: string;
  stop(): Promise<void>;
}

/** Serves the console, health, readiness and metrics on config.http. */
export async function startAdminServer(deps: {
  config: AppConfig;
  services: DomainServices;
  redis: Redis;
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  collectors: Array<() => Promise<void>>;
  /**
   * The journey runtime, when this process runs journeys: told of lifecycle
   * changes after their commit, and starts API entries. Absent (a console-only
   * process), lifecycle changes still commit and nothing is called: the
   * engine process picks them up from MariaDB; API starts answer 503.
   */
  journeyRuntime?: JourneyRuntimePort;
  /** The local SMTP server, SMSC and push receiver when this process started them (the 발송함 page lists what they received); null or absent otherwise. */
  localGateways?: LocalGateways | null;
  /** The domain-event relay, kicked after the tracking routes commit opens and clicks (absent: the relay's sweep sends them). */
  outbox?: OutboxKick;
}): Promise<RunningAdmin> {
  const { config, services, redis, logger } = deps;
  const ds = services.ds;
  if (deps.journeyRuntime) services.journeys.attachRuntime(deps.journeyRuntime);
  services.journeys.onError = (err, context) => logger.error({ err }, `journeys: ${context} failed`);
  const serviceTokens = new ServiceTokenService(ds);
  // The bank's name per language and its logo (BANK_NAME, BANK_NAME_EN, BANK_LOGO_PATH), served here: no other host.
  const brandingEnv = consoleBrandingOf(process.env);
  const logoUrl = brandingEnv.logoPath ? `${adminRootPath}/static/logo${path.extname(brandingEnv.logoPath).toLowerCase()}` : undefined;
  const branding: ConsoleBranding = { nameKo: config.channels.bank.name, nameEn: brandingEnv.nameEn, ...(logoUrl ? { logoUrl } : {}) };
  const admin = createAdmin(services, branding);
  // Bundle custom components before accepting traffic, so the first page is fast and current.
  await bundleComponents(admin);
  const throttle = new LoginThrottle(redis, config.auth, config.redis.queuePrefix);
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-* (client address, https) believed only from the proxies TRUSTED_PROXIES names; by default
  // nobody's. Behind a TLS-terminating proxy, name it: Secure session cookies need req.secure.
  app.set('trust proxy', config.http.trustedProxies.length ? config.http.trustedProxies : false);
  // Before the first app.use: Express builds its query middleware from this setting then.
  app.set('query parser', strictQueryParser());
  app.use(requestTiming);
  app.use(securityHeaders(config.env));
  // Static bundles carry no personal data and may be cached; nothing else may.
  const isStatic = (p: string) => p.startsWith(`${adminRootPath}/frontend/assets/`) || p.startsWith(`${adminRootPath}/static/`);
  app.use(noStore(isStatic));
  app.use(refuseBadQuery);
  // Cross-site request forgery: before sessions, bodies and handlers (origin-check.ts).
  // Two exemptions, each as narrow as it says: the service API's bearer-token route (service-api.ts) and the
  // unsubscribe POST, whose RFC 8058 one-click comes from mailbox providers (tracking-routes.ts isUnsubscribePost).
  app.use(originCheck(config.http.publicUrl, { exempt: (req) => isBearerServiceCall(req) || isUnsubscribePost(req) }));
  app.use(healthRoutes(deps.readiness, deps.collectors, { metricsToken: config.metricsToken }));
  app.get('/', (_req, res) => res.redirect(adminRootPath));
  // Bank systems' machine API: bearer tokens only, outside the console's path, session and body parser.
  app.use(
    serviceApiMount,
    serviceApi({
      ds,
      tokens: serviceTokens,
      journeys: services.journeys,
      redis,
      keyPrefix: config.redis.queuePrefix,
      logger,
      clientIp: clientIpResolver(config.http.trustedProxies),
    }),
  );
  // React Flow's stylesheet, public like AdminJS's own bundles (no customer data in it).
  const xyflowCss = createRequire(import.meta.url).resolve('@xyflow/react/dist/style.css');
  app.get(staticStyles.xyflow, (_req, res) => res.type('text/css').sendFile(xyflowCss, { maxAge: '1h' }));
  // The console's stylesheet (fonts, focus outline) and Roboto's files: served here, so no page asks another host.
  const here = path.dirname(fileURLToPath(import.meta.url));
  app.get(staticStyles.console, (_req, res) => res.type('text/css').sendFile(path.join(here, 'static', 'console.css'), { maxAge: '1h' }));
  const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/roboto/package.json')), 'files');
  app.get(`${staticFonts}/:file`, (req, res, next) => {
    const file = req.params.file;
    if (!/^roboto-latin-(300|400|500|700)-normal\.woff2$/.test(file)) return next();
    res.type('font/woff2').sendFile(path.join(fontDir, file), { maxAge: '7d' });
  });
  if (logoUrl && brandingEnv.logoPath) {
    const logoFile = path.resolve(brandingEnv.logoPath);
    app.get(logoUrl, (_req, res) => res.sendFile(logoFile, { maxAge: '1h' }));
  }
  // Signed open-pixel, click and unsubscribe links in sent messages: public, no session (engine/channels/tracking).
  app.use(
    trackingRoutes({
      ds,
      services,
      outbox: deps.outbox,
      publicUrl: config.http.publicUrl,
      secret: config.channels.trackingSecret,
      bank: config.channels.bank,
      clientIp: clientIpResolver(config.http.trustedProxies),
      logger,
    }),
  );
  const { router, closeSessionStore } = buildAdminRouter({
    admin,
    ds,
    config,
    throttle,
    logger,
    apiRoutes: {
      '/api/segments': segmentApi({ segments: services.segments, options: services.segmentOptions, logger }),
      '/api/journeys': journeyApi({ journeys: services.journeys }),
      '/api/service-tokens': serviceTokenApi({ tokens: serviceTokens }),
      '/api/templates': templateApi({ templates: new TemplateService(ds, config.channels.bank) }),
      '/api/messages': messageApi({ ds }),
      '/api/customers': customerMessagesApi({ ds }),
      '/api/sent-box': sentBoxApi({ ds, localGateways: deps.localGateways }),
    },
  });
  app.use(adminRootPath, cspSafeBundles(), nonceAdminJsPages, router);
  app.use(errorHandler(logger));

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${config.http.port} is already in use: stop the other process or set PORT`) : err),
    );
  });
  return {
    url: `${config.http.publicUrl}${adminRootPath}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closeSessionStore();
    },
  };
}
