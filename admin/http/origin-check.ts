import type { Request, RequestHandler } from 'express';

/**
 * Cross-site request forgery defence for state-changing requests (POST, PUT,
 * PATCH, DELETE, including the login form): the request must come from a
 * page of this console, as the browser states in `Origin` (or, when a
 * browser leaves Origin out, `Referer`).
 *
 * - A foreign origin, `Origin: null` (sandboxed frames, privacy-stripped
 *   redirects) or an unreadable Referer: refused with 403.
 * - Neither header: allowed. Browsers send Origin on every POST (and the
 *   console's Referrer-Policy `same-origin` keeps it for same-origin
 *   requests), so a request with neither comes from a non-browser client
 *   (curl, a script, the test suite). Such a client can only act with a
 *   session cookie it was given, and the session cookie is SameSite=Strict,
 *   so a browser never attaches it to a cross-site request anyway.
 */
export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Origins the console is served from: PUBLIC_URL's. When PUBLIC_URL is a
 * loopback address (a developer machine, the default), its loopback aliases
 * on the same scheme and port too — the same machine either way.
 */
export function consoleOrigins(publicUrl: string): ReadonlySet<string> {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  if (loopbackHosts.includes(url.hostname)) {
    for (const host of loopbackHosts) origins.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
  }
  return origins;
}

export function judgeOrigin(headers: { origin?: string; referer?: string }, allowed: ReadonlySet<string>): OriginVerdict {
  if (headers.origin !== undefined) {
    return allowed.has(headers.origin) ? { ok: true } : { ok: false, reason: `requests from origin ${JSON.stringify(headers.origin)} are not accepted` };
  }
  if (headers.referer !== undefined) {
    let origin: string;
    try {
      origin = new URL(headers.referer).origin;
    } catch {
      return { ok: false, reason: 'the Referer header is not a URL' };
    }
    return allowed.has(origin) ? { ok: true } : { ok: false, reason: `requests from pages of ${JSON.stringify(origin)} are not accepted` };
  }
  return { ok: true };
}

/**
 * `exempt`: requests that carry no ambient credential for this check to
 * defend (the service API's bearer-token route, service-api.ts
 * `isBearerServiceCall`); keep it to exactly such requests.
 */
export function originCheck(publicUrl: string, options: { exempt?: (req: Request) => boolean } = {}): RequestHandler {
  const allowed = consoleOrigins(publicUrl);
  return (req, res, next) => {
    if (!stateChanging.has(req.method)) return next();
    if (options.exempt?.(req)) return next();
    const verdict = judgeOrigin({ origin: req.get('origin'), referer: req.get('referer') }, allowed);
    if (verdict.ok) return next();
    // Answered here, before the session, the body or any handler is touched.
    res.status(403);
    if (req.path.includes('/api/')) res.json({ ok: false, error: `${verdict.reason}: open the console at ${[...allowed][0]}` });
    else res.type('text/plain').send(`Forbidden: ${verdict.reason}; open the console at ${[...allowed][0]}\n`);
  };
}
