import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import session from 'express-session';
import formidable from 'express-formidable';
import MySQLStoreFactory from 'express-mysql-session';
import type AdminJS from 'adminjs';
import { buildRouter } from '@adminjs/express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../engine/config/load-config.js';
import { runAsActor } from '../../engine/context/request-context.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import { Staff } from '../../resources/staff/staff.entity.js';
import { authenticateStaff, type SessionStaff } from './authenticate.js';
import type { LoginThrottle } from './login-throttle.js';
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
 * MariaDB, body parsing, login with throttling and audit, logout with audit,
 * a per-request check that the account still exists and is active (a
 * deactivated or re-roled account takes effect at once), and the request
 * context that the audit subscriber reads. AdminJS's own routes come last.
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

  const MySQLStore = MySQLStoreFactory(session as never);
  const store = new MySQLStore({
    host: config.db.host, port: config.db.port, user: config.db.user, password: config.db.password, database: config.db.database,
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
  router.use(formidable() as never);

  const renderLogin = async (res: Response, status: number, errorMessage: string | null) => {
    res.status(status).send(await admin.renderLogin({ action: loginPath, errorMessage }));
  };

  router.get(rel(loginPath), async (_req, res) => renderLogin(res, 200, null));

  router.post(rel(loginPath), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const fields = (req as Request & { fields?: Record<string, unknown> }).fields ?? {};
      const ip = req.ip ?? 'unknown';
      const outcome = await authenticateStaff(ds, throttle, { email: fields.email, password: fields.password, ip });
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

  router.get(rel(logoutPath), async (req, res, next) => {
    try {
      const user = req.session.adminUser;
      if (user) {
        await writeAudit(ds.manager, { action: 'logout', resource: 'Staff', recordId: user.id, actor: { id: user.id, email: user.email, role: user.role, ip: req.ip ?? null } });
      }
      req.session.destroy(() => res.redirect(loginPath));
    } catch (err) {
      next(err);
    }
  });

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // AdminJS's static bundles are needed by the login page itself.
    if (req.path.startsWith('/frontend/assets/')) return next();
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
      if (staff.role !== user.role || staff.email !== user.email) {
        req.session.adminUser = { ...user, role: staff.role, email: staff.email, title: staff.displayName };
      }
      const current = req.session.adminUser!;
      runAsActor({ id: current.id, email: current.email, role: current.role, ip: req.ip ?? null }, () => next());
    } catch (err) {
      next(err);
    }
  });

  for (const [mount, api] of Object.entries(deps.apiRoutes ?? {})) router.use(mount, api);
  buildRouter(admin, router as never);
  return { router, closeSessionStore: () => store.close() };
}
