import type { Request } from 'express';
import type { Language } from '../../engine/context/request-context.js';

/**
 * The cookie that carries the staff member's language choice. The top bar's
 * language selector writes it (and localStorage); the server reads it so the
 * first render of every page (reload, deep link) is already in that language
 * and so texts made on the server (validation errors, notices) follow it.
 * Not a secret and not personal data: only 'ko' or 'en'.
 */
export const languageCookie = 'bank-crm.lang';

/** The request's language from the cookie; Korean when absent or unknown. */
export function requestLanguage(req: Pick<Request, 'headers'>): Language {
  const header = req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${languageCookie.replace('.', '\\.')}=([^;]*)`).exec(header);
  return match?.[1] === 'en' ? 'en' : 'ko';
}
