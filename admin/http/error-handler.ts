import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../engine/observability/logger.js';

/**
 * Last Express handler: logs the error with its stack, answers the user with
 * a short message and a reference, never the stack trace.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const ref = Math.random().toString(36).slice(2, 10);
    logger.error({ err, ref, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (req.accepts(['html', 'json']) === 'json' || req.path.includes('/api/')) {
      res.status(status).json({ error: status === 500 ? 'internal error' : String(err.message), ref });
    } else {
      res.status(status).type('html').send(`<!doctype html><meta charset="utf-8"><title>오류</title><p>요청을 처리하지 못했습니다. 잠시 후 다시 시도하세요. (참조 ${ref})</p><p>The request could not be completed. (ref ${ref})</p>`);
    }
  };
}
