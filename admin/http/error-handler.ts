import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../engine/observability/logger.js';
import { requestLanguage } from './request-language.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The error page's own texts per language (the request's language, cookie bank-crm.lang). */
const texts = {
  ko: {
    refusedTitle: '잘못된 요청',
    errorTitle: '오류',
    failed: '요청을 처리하지 못했습니다. 잠시 후 다시 시도하세요.',
    ref: '참조 번호',
    back: '콘솔로 돌아가기',
    detail: '기술 정보',
  },
  en: {
    refusedTitle: 'Bad request',
    errorTitle: 'Error',
    failed: 'The request could not be completed. Please try again later.',
    ref: 'reference',
    back: 'Back to the console',
    detail: 'Technical detail',
  },
};
/** Korean for a client error that carries English only (e.g. a library's). */
const refusedKo = '요청을 처리할 수 없습니다. 요청 내용을 확인하세요.';

/**
 * Last Express handler. A client error (4xx that says it may be shown: our
 * HttpError, body-parser's) is answered with its message; anything else is a
 * 500 with a reference only, and the stack goes to the log. Never a stack
 * trace or internal text in the answer. JSON for API paths, a short page
 * otherwise, in the request's language.
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
    const lang = requestLanguage(req);
    // The text in the request's language: an HttpError carries its Korean (http-error.ts); others have English only.
    const message = shown === null ? null : lang === 'ko' ? ((err as { ko?: string }).ko ?? refusedKo) : shown;
    if (req.accepts(['html', 'json']) === 'json' || req.path.includes('/api/')) {
      // JSON answers keep their shape: `error` is the English text API clients parse (the console's own
      // screens word their refusals themselves, in the staff member's language).
      res.status(status).json({ error: shown ?? 'internal error', ref });
    } else {
      const t = texts[lang];
      res
        .status(status)
        .type('html')
        .send(
          `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${shown === null ? t.errorTitle : t.refusedTitle}</title>` +
            `<main><h1>${shown === null ? t.errorTitle : t.refusedTitle}</h1><p>${escapeHtml(message ?? t.failed)} (${t.ref} ${ref})</p>` +
            // In Korean, the technical reason as well (for the help desk), marked as English for screen readers.
            (lang === 'ko' && shown !== null ? `<p><small>${t.detail}: <span lang="en">${escapeHtml(shown)}</span></small></p>` : '') +
            `<p><a href="/admin">${t.back}</a></p></main></html>`,
        );
    }
  };
}
