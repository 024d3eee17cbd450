import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { isAdminJsPage, secureAdminJsPage } from './adminjs-html.js';
import { requestLanguage } from './request-language.js';

type Res = ServerResponse & { locals?: { cspNonce?: string } };

/**
 * Helmet's settings, by environment (pure, so a test can check production's
 * without starting one).
 * - Scripts: same origin plus the per-request nonce of AdminJS's inline
 *   state scripts (adminjs-html.ts); no 'unsafe-inline', no eval.
 * - Styles: same origin and inline — styled-components (AdminJS's design
 *   system) and React Flow set styles at run time.
 * - No framing (clickjacking), no plugins, forms post only to this origin.
 * - HSTS only in production: test and development run on plain http.
 */
export function helmetOptions(env: 'development' | 'test' | 'production'): Readonly<HelmetOptions> {
  const production = env === 'production';
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Res).locals!.cspNonce}'`],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
  };
}

/** The nonce for this response's inline scripts, then helmet's headers. */
export function securityHeaders(env: 'development' | 'test' | 'production'): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  return [nonce, helmet(helmetOptions(env))];
}

/** Gives AdminJS's pages the response's nonce and the request's language (see adminjs-html.ts) as they are sent. */
export const nonceAdminJsPages: RequestHandler = (req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' && isAdminJsPage(body) ? secureAdminJsPage(body, res.locals.cspNonce as string, requestLanguage(req)) : body);
  next();
};

/**
 * Cache-Control: no-store on every response but the static bundles: pages
 * and API answers carry customers' personal data, which must not stay in a
 * browser's or a proxy's cache. AdminJS's bundles and React Flow's
 * stylesheet carry none and set their own caching.
 */
export function noStore(isStatic: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    if (!isStatic(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
