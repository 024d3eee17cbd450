import { apiProblem, type ApiProblem } from './journey-api-problems.js';

/**
 * The fields the journey API accepts besides the definition itself (which
 * the definition schema judges): names, descriptions, reasons, layouts and
 * list filters, each refused with a coded problem naming the field.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: ApiProblem[] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function text(v: unknown, max: number, allowEmpty: boolean): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null && allowEmpty) return null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (t.length > max || (!allowEmpty && t.length === 0)) return null;
  return t;
}

export interface JourneyFields {
  name?: string;
  description?: string | null;
  /** undefined: not sent (kept as is). */
  definition?: Record<string, unknown>;
  layout?: Record<string, unknown> | null;
}

/**
 * A journey's fields as posted. `needName`: creating (the name is required).
 * `needDefinition`: saving a draft (the definition is required; any JSON
 * object — a draft with problems still saves).
 */
export function checkJourneyFields(body: Record<string, unknown>, opts: { needName: boolean; needDefinition: boolean }): Checked<JourneyFields> {
  const problems: ApiProblem[] = [];
  const out: JourneyFields = {};
  if (body.name !== undefined || opts.needName) {
    const name = text(body.name, 100, false);
    if (typeof name === 'string') out.name = name;
    else problems.push(apiProblem('nameInvalid', undefined, { path: 'name' }));
  }
  if (body.description !== undefined) {
    const description = body.description === '' ? null : text(body.description, 500, true);
    if (description === null && body.description !== null && body.description !== '') problems.push(apiProblem('descriptionInvalid', undefined, { path: 'description' }));
    else out.description = description ?? null;
  }
  if (body.definition !== undefined || opts.needDefinition) {
    if (isObject(body.definition)) out.definition = body.definition;
    else problems.push(apiProblem('definitionRequired', undefined, { path: 'definition' }));
  }
  if (body.layout !== undefined) {
    if (body.layout === null || isObject(body.layout)) out.layout = body.layout;
    else problems.push(apiProblem('layoutInvalid', undefined, { path: 'layout' }));
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: out };
}

/** A reason (archive: required; pause and resume: optional). */
export function checkReason(v: unknown, required: boolean): Checked<string | null> {
  if (v === undefined || v === null || v === '')
    return required ? { ok: false, problems: [apiProblem('reasonRequired', undefined, { path: 'reason' })] } : { ok: true, value: null };
  const reason = text(v, 255, false);
  return typeof reason === 'string' ? { ok: true, value: reason } : { ok: false, problems: [apiProblem('reasonRequired', undefined, { path: 'reason' })] };
}

export const instanceStatusFilters = ['all', 'running', 'ended', 'converted'] as const;
export type InstanceStatusFilter = (typeof instanceStatusFilters)[number];

export interface InstancePage {
  status: InstanceStatusFilter;
  limit: number;
  /** Instances with a smaller id than this (keyset paging, newest first). */
  before: string | null;
}

/** The instance list's query string: status, limit (1–200, default 50), before (an instance id). */
export function checkInstancePage(q: Record<string, unknown>): Checked<InstancePage> {
  const problems: ApiProblem[] = [];
  const status = q.status === undefined ? 'all' : q.status;
  if (typeof status !== 'string' || !(instanceStatusFilters as readonly string[]).includes(status)) {
    problems.push(apiProblem('statusFilter', { values: instanceStatusFilters.join(', ') }, { path: 'status' }));
  }
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  const before = q.before === undefined ? null : String(q.before);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200 || (before !== null && !/^[1-9][0-9]{0,19}$/.test(before))) {
    problems.push(apiProblem('pageInvalid', undefined, { path: 'limit' }));
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { status: status as InstanceStatusFilter, limit, before } };
}

/** The counters' version: a version number, or every version of the journey ("all", the default). */
export function checkVersionParam(v: unknown): Checked<number | 'all'> {
  if (v === undefined || v === 'all') return { ok: true, value: 'all' };
  const n = Number(v);
  return typeof v === 'string' && /^[1-9][0-9]{0,8}$/.test(v) ? { ok: true, value: n } : { ok: false, problems: [apiProblem('versionFilter', undefined, { path: 'version' })] };
}
