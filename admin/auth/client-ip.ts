import express, { type Request } from 'express';

/**
 * The client's address as seen through the proxies configuration trusts
 * (TRUSTED_PROXIES), and no others: with none trusted, X-Forwarded-For is
 * ignored and the address is the TCP peer's. The audit log and the per-IP
 * login lock use it, so a forged header cannot pin an attempt on someone else
 * or dodge the lock.
 *
 * Express computes `req.ip` from its application's `trust proxy` setting; the
 * console's router must not depend on how the surrounding app is set, so the
 * same Express getter is evaluated against a private application holding this
 * router's own setting (`proxy-addr` under the hood, as for `req.ip`).
 */
export type TrustedProxies = string[];

export function clientIpResolver(trusted: TrustedProxies): (req: Request) => string {
  const settings = express();
  settings.set('trust proxy', trusted.length ? trusted : false);
  return (req) => {
    const view = Object.create(req, { app: { value: settings } }) as Request;
    return view.ip ?? req.socket.remoteAddress ?? 'unknown';
  };
}
