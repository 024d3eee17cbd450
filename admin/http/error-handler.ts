import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../engine/observability/logger.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Last Express handler. A client error (4xx that says it may be shown: our
 * HttpError, body-parser's) is answered with its message; anything else is a
 * 500 with a reference only, and the stack goes to the log. Never a stack
 * trace or internal text in the answer. JSON for API paths, a short page
 * otherwise.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const ref = Math.random().toString(36).slice(2, 10);
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    const shown = status < 500 && err?.expose !== false ? String(err?.message ?? '') : null;
    if (shown === null) logger.error({ err, ref, method: req.method, url: req.originalUrl }, 'request failed');
    else logger.info({ status, reason: shown, ref, method: req.method, url: req.originalUrl }, 'request refused');
    if (res.headersSent) return;
    // Also when the error was raised before helmet's middleware ran.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.accepts(['html', 'json']) === 'json' || req.path.includes('/api/')) {
      res.status(status).json({ error: shown ?? 'internal error', ref });
    } else if (shown !== null) {
      res
        .status(status)
        .type('html')
        .send(`<!doctype html><meta charset="utf-8"><title>잘못된 요청</title><p>요청을 처리할 수 없습니다. The request was refused: ${escapeHtml(shown)} (참조 ref ${ref})</p>`);
    } else {
      res
        .status(status)
        .type('html')
        .send(
          `<!doctype html><meta charset="utf-8"><title>오류</title><p>요청을 처리하지 못했습니다. 잠시 후 다시 시도하세요. (참조 ${ref})</p><p>The request could not be completed. (ref ${ref})</p>`,
        );
    }
  };
}
