import React from 'react';
import { useTranslation } from 'adminjs';
import { Badge, Box, H5 } from '@adminjs/design-system';

/** Shared by the 메시지 page, the message page and the 360 page's section (admin/messages/README.md). */

export interface Bilingual {
  ko: string;
  en: string;
}
export interface Problem {
  code: string;
  message: Bilingual;
}
export type Answer<T> = ({ ok: true } & T) | { ok: false; status: number; problems: Problem[] };

/** GET of one of the console's JSON APIs; a refusal keeps its status and coded problems. */
export async function getJson<T>(url: string): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    return { ok: false, status: 0, problems: [] };
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (res.ok && body.ok !== false) return { ...(body as T), ok: true };
  return { ok: false, status: res.status, problems: Array.isArray(body.problems) ? (body.problems as Problem[]) : [] };
}

/** The console's language, as the server's bilingual texts are keyed. */
export function useLanguage(): {
  lang: 'ko' | 'en';
  t: (key: string, options?: Record<string, unknown>) => string;
  pick: (b: Bilingual | null | undefined) => string;
  /** An instant as Seoul wall-clock time, written the reader's way. */
  time: (v: unknown) => string;
} {
  const { translateMessage, i18n } = useTranslation();
  const lang = String(i18n.language ?? 'ko').startsWith('en') ? 'en' : 'ko';
  return {
    lang,
    t: (key, options) => translateMessage(key, 'Message', options as never),
    pick: (b) => (b ? b[lang] : '-'),
    time: (v) => seoul(v, lang),
  };
}

const timeFormat: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };

/** An instant as Seoul wall-clock time (KST), e.g. 2026. 12. 01. 21:00 or 01/12/2026, 21:00 KST. */
export const seoul = (v: unknown, lang: 'ko' | 'en' = 'ko') => {
  if (!v) return '-';
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  return `${d.toLocaleString(lang === 'en' ? 'en-GB' : 'ko-KR', timeFormat)}${lang === 'en' ? ' KST' : ''}`;
};

const statusVariant: Record<string, string> = {
  DELIVERED: 'success',
  SENT: 'success',
  SENDING: 'info',
  QUEUED: 'secondary',
  HELD: 'secondary',
  FAILED: 'danger',
  SUPPRESSED: 'danger',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useLanguage();
  return (
    <Badge variant={(statusVariant[status] ?? 'secondary') as never} data-testid="message-status">
      {t(`status_${status}`)}
    </Badge>
  );
}

export function Section({ title, testId, children }: { title: string; testId?: string; children: React.ReactNode }) {
  return (
    <Box variant="white" p="lg" mb="lg" data-testid={testId}>
      <H5 mb="default">{title}</H5>
      {children}
    </Box>
  );
}

/** The path of one message's page. */
export const messagePath = (id: number | string) => `/admin/pages/messages?id=${encodeURIComponent(String(id))}`;
