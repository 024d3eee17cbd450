import { createHmac } from 'node:crypto';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import session from 'express-session';
import { parseBody, loginBodyLimitKb } from '../http/body-parsers.js';
import MySQLStoreFactory from 'express-mysql-session';
import type AdminJS from 'adminjs';
import { buildRouter } from '@adminjs/express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../engine/config/load-config.js';
import { runAsActor } from '../../engine/context/request-context.js';
import { requestLanguage } from '../http/request-language.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import { Staff } from '../../resources/staff/staff.entity.js';
import { authenticateStaff, type SessionStaff } from './authenticate.js';
import type { LoginThrottle } from './login-throttle.js';
import { clientIpResolver } from './client-ip.js';
import { runInSession } from './session-scope.js';
import { logoutPage } from './logout-page.js';
import type { Logger } from '../../engine/observability/logger.js';

declare module 'express-session' {
  interface SessionData {
    adminUser?: SessionStaff;
    redirectTo?: string;
  }
}

const loginStatus = { invalidCredentials: 401, accountDisabled: 403, loginLocked: 429 } as const;

/**
 * The console's router. It replaces @adminjs/express's
 * buildAuthenticatedRouter so that we control, in this order: sessions in
 * MariaDB, body parsing, login with throttling and audit, logout (POST only)
 * with audit, a per-request check that the account still exists, is active
 * and has not ended its sessions since this one logged in (a password, role
 * or active-flag change ends the others at once), and the request context
 * that the audit subscriber reads. AdminJS's own routes come last.
 */
export function buildAdminRouter(deps: {
  admin: AdminJS;
  ds: DataSource;
  config: AppConfig;
  throttle: LoginThrottle;
  logger: Logger;
  /** JSON APIs of custom pages, mounted after authentication (they check CASL themselves). */
  apiRoutes?: Record<string, Router>;
}): { router: Router; closeSessionStore: () => Promise<void> } {
  const { admin, ds, config, throttle, logger } = deps;
  const { rootPath, loginPath, logoutPath } = admin.options;
  const rel = (p: string) => (p.startsWith(rootPath) ? p.slice(rootPath.length) || '/' : p);
  const router = express.Router();
  // The audit log and the per-IP lock see the TCP peer unless it is a proxy TRUSTED_PROXIES names.
  const clientIp = clientIpResolver(config.http.trustedProxies);
  // Key of the hashes of unknown login identifiers in the audit log (login-identifier.ts).
  const identifierKey = createHmac('sha256', config.auth.sessionSecret).update('login-identifier').digest();

  const MySQLStore = MySQLStoreFactory(session as never);
  const store = new MySQLStore({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.database,
    createDatabaseTable: false, // created by the foundation migration
    clearExpired: false, // the housekeeping job removes expired sessions
    expiration: config.auth.sessionTtlMinutes * 60_000,
  });

  router.use(
    session({
      store,
      name: 'bankcrm.sid',
      secret: config.auth.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.env === 'production',
        maxAge: config.auth.sessionTtlMinutes * 60_000,
        path: rootPath,
      },
    }),
  );

  const renderLogin = async (res: Response, status: number, errorMessage: string | null) => {
    res.status(status).send(await admin.renderLogin({ action: loginPath, errorMessage }));
  };

  router.get(rel(loginPath), async (_req, res) => renderLogin(res, 200, null));

  router.post(rel(loginPath), parseBody({ limitKb: loginBodyLimitKb }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const fields = (req as Request & { fields?: Record<string, unknown> }).fields ?? {};
      const ip = clientIp(req);
      const outcome = await authenticateStaff(ds, throttle, { email: fields.email, password: fields.password, ip, identifierKey });
      if (!outcome.ok) {
        if (outcome.retryAfterSeconds) res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        return await renderLogin(res, loginStatus[outcome.reason], outcome.reason);
      }
      const redirectTo = req.session.redirectTo;
      // A fresh session id at login defeats session fixation.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.adminUser = outcome.staff;
        req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(302, redirectTo ?? rootPath)));
      });
    } catch (err) {
      next(err);
    }
  });

  // Logging out changes state, so only a POST does it (AdminJS's menu is overridden to POST:
  // admin/components/logged-in.tsx); a GET answers 405 with a page holding the button.
  router.get(rel(logoutPath), (_req, res) => {
    res.status(405).set('Allow', 'POST').type('html').send(logoutPage(logoutPath, rootPath));
  });

  router.post(rel(logoutPath), async (req, res, next) => {
    try {
      const user = req.session.adminUser;
      if (user) {
        await writeAudit(ds.manager, { action: 'logout', resource: 'Staff', recordId: user.id, actor: { id: user.id, email: user.email, role: user.role, ip: clientIp(req) } });
      }
      req.session.destroy(() => res.redirect(loginPath));
    } catch (err) {
      next(err);
    }
  });

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // AdminJS's static bundles are needed by the login page itself.
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path.startsWith('/frontend/assets/')) return next();
    const user = req.session.adminUser;
    if (!user) {
      if (Object.keys(deps.apiRoutes ?? {}).some((m) => req.path.startsWith(m))) return res.status(401).json({ ok: false, error: 'log in first' });
      if (req.method === 'GET' && !req.path.startsWith('/api/')) req.session.redirectTo = req.originalUrl;
      return res.redirect(loginPath);
    }
    try {
      const staff = await ds.getRepository(Staff).findOneBy({ id: user.id });
      if (!staff || !staff.active) {
        logger.info({ staffId: user.id }, 'session ended: account removed or disabled');
        return req.session.destroy(() => res.redirect(loginPath));
      }
      // A password, role or active-flag change ended every session opened before it.
      if (staff.sessionsValidFrom && (user.loginAt ?? 0) < staff.sessionsValidFrom.getTime()) {
        logger.info({ staffId: user.id }, 'session ended: the account changed after this login');
        return req.session.destroy(() => res.redirect(loginPath));
      }
      if (staff.role !== user.role || staff.email !== user.email) {
        req.session.adminUser = { ...user, role: staff.role, email: staff.email, title: staff.displayName };
      }
      const current = req.session.adminUser!;
      const renew = (instant: Date) => {
        req.session.adminUser = { ...req.session.adminUser!, loginAt: instant.getTime() };
      };
      runInSession({ staffId: current.id, renew }, () =>
        runAsActor({ id: current.id, email: current.email, role: current.role, ip: clientIp(req), language: requestLanguage(req) }, () => next()),
      );
    } catch (err) {
      next(err);
    }
  });

  // Bodies are read only here, once the session is known good (admin/http/body-parsers.ts).
  router.use(parseBody({ limitKb: config.http.bodyLimitKb }));
  for (const [mount, api] of Object.entries(deps.apiRoutes ?? {})) router.use(mount, api);
  buildRouter(admin, router as never);
  return { router, closeSessionStore: () => store.close() };
}
