/**
 * The console's template API (admin/templates/template-api.ts), called with
 * the session cookie by the 메시지 템플릿 page (template-editor.tsx). Types
 * only mirror the JSON; nothing server-side is bundled.
 */

export type TemplateStatus = 'DRAFT' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'RETIRED';
export const templateStatuses: TemplateStatus[] = ['DRAFT', 'PENDING', 'APPROVED', 'REJECTED', 'RETIRED'];
export type Channel = 'sms' | 'email' | 'push';
export type Kind = 'advertising' | 'informational';

export interface Problem {
  code: string;
  path?: string;
  line?: number;
  column?: number;
  params?: Record<string, unknown>;
  /** Both languages from the server; a failed render's own problems may carry only English text. */
  message: { ko: string; en: string } | string;
}

export interface TemplateSummary {
  id: number;
  name: string;
  channel: Channel;
  kind: Kind;
  status: TemplateStatus;
  revision: number;
  reviewNumber: string | null;
  validFrom: string | null;
  validUntil: string | null;
  authorId: number | null;
  problems: Problem[];
}

export interface TemplateDetail extends TemplateSummary {
  definition: Record<string, unknown>;
  rejectionReason: string | null;
  approvedAt: string | null;
  submittedAt: string | null;
  revisions: Array<{ id: number; revision: number; status: TemplateStatus; approvedAt: string | null; validUntil: string | null }>;
  canEdit: boolean;
  canSubmit: boolean;
  canReview: boolean;
  canRetire: boolean;
}

export interface SmsClassification {
  type: 'SMS' | 'LMS';
  bytes: number;
  encoding: 'EUC-KR' | 'UCS-2';
  overLimit: boolean;
}

export type RenderedMessage =
  | { channel: 'sms'; subject?: string; text: string; sms: SmsClassification }
  | { channel: 'email'; subject: string; html: string; text: string; headers: Record<string, string> }
  | { channel: 'push'; title: string; body: string; deepLink?: string; imageUrl?: string };

export type RenderResult = { status: 'rendered'; message: RenderedMessage } | { status: 'suppressed'; suppressed: string } | { status: 'failed'; problems: Problem[] };

export interface CheckResult {
  valid: boolean;
  problems: Problem[];
  smsLengths?: { asWritten: SmsClassification; longest?: SmsClassification };
  sample: { customerName: string; rendered: RenderResult | null; markingBytes?: number };
}

export interface PreviewResult {
  customer: { id: number; name: string; masked: boolean };
  problems: Problem[];
  rendered: RenderResult | null;
}

export interface Catalogue {
  variables: Array<{ path: string; ko: string; en: string; channels: Channel[] }>;
  recommendations: { max: number; fields: Array<{ field: string; ko: string; en: string }> };
}

export interface Grants {
  read: boolean;
  create: boolean;
  submit: boolean;
  approve: boolean;
  retire: boolean;
  staffId: number | null;
}

export type Answer<T> = ({ ok: true } & T) | { ok: false; status: number; problems: Problem[] };

const base = '/admin/api/templates';

async function call<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return { ok: false, status: 0, problems: [] };
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    json = {};
  }
  if (res.ok && json.ok !== false) return { ...(json as T), ok: true };
  return { ok: false, status: res.status, problems: Array.isArray(json.problems) ? (json.problems as Problem[]) : [] };
}

export const templateApi = {
  grants: async (): Promise<Grants | null> => {
    const res = await fetch('/admin/api/pages/templates', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    return (await res.json()) as Grants;
  },
  list: (status?: TemplateStatus) => call<{ templates: TemplateSummary[] }>('GET', status ? `${base}/?status=${status}` : `${base}/`),
  get: (id: number) => call<TemplateDetail>('GET', `${base}/${id}`),
  variables: () => call<Catalogue>('GET', `${base}/variables`),
  check: (definition: unknown, signal?: AbortSignal) => call<CheckResult>('POST', `${base}/check`, { definition }, signal),
  create: (name: string, definition: unknown) => call<{ id: number; revision: number; status: TemplateStatus; problems: Problem[] }>('POST', `${base}/`, { name, definition }),
  update: (id: number, definition: unknown) => call<{ id: number; revision: number; status: TemplateStatus; problems: Problem[] }>('PUT', `${base}/${id}`, { definition }),
  command: (id: number, command: 'submit' | 'approve' | 'reject' | 'retire', body: Record<string, unknown> = {}) =>
    call<{ template: TemplateDetail }>('POST', `${base}/${id}/${command}`, body),
  /**
   * The id of the customer with this customer number, through the Customer
   * resource's own search (its access rules and access log apply); null if none matches exactly.
   */
  customerIdOf: async (customerNo: string): Promise<number | null> => {
    const res = await fetch(`/admin/api/resources/Customer/search/${encodeURIComponent(customerNo)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const json = (await res.json()) as { records?: Array<{ id: string | number; params?: { customerNo?: string } }> };
    const hit = (json.records ?? []).find((r) => r.params?.customerNo?.toUpperCase() === customerNo.toUpperCase());
    return hit ? Number(hit.id) : null;
  },
  preview: (id: number, customerId: string) => call<PreviewResult>('POST', `${base}/${id}/preview`, { customerId }),
};

/** A problem's text in the console's language (never a code or a stack). */
export const problemText = (p: Problem, language: string): string => {
  if (typeof p.message === 'string') return p.message;
  return language.startsWith('en') ? p.message.en : p.message.ko;
};

/** A stored instant as the Korean calendar day (YYYY-MM-DD) it falls on. */
export const kstDay = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? '' : new Date(t + 9 * 3600_000).toISOString().slice(0, 10);
};
