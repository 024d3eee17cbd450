import type { SegmentDefinition } from '../../../engine/definitions/segment/segment-definition.schema.js';
import type { SegmentGraph, SegmentGraphError } from '../../../builder/segment/segment-graph.js';
import type { Localise, Translate } from './canvas-context.js';

/** The console's segment API (admin/segments/segment-api.ts), called with the session cookie. */

/** The side panel's choices, exactly as the server builds them (a type-only import: nothing server-side is bundled). */
import type { SegmentOptions } from '../../../resources/segment/segment-options.query.js';
export type { SegmentOptions };

export interface SegmentVersionSummary {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  /** null: fewer than the detail's `countsFewerThan` (roles that see customers masked). */
  memberCountAtPublish: number | null;
  /** The canvas as published; null when the version was published from a bare definition (API). */
  graph: SegmentGraph | null;
  definition: SegmentDefinition;
}

export interface SegmentDetail {
  id: number;
  name: string;
  description: string | null;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  draftGraph: SegmentGraph | null;
  draftDefinition: SegmentDefinition | null;
  publishedVersion: number | null;
  publishedGraph: SegmentGraph | null;
  publishedDefinition: SegmentDefinition | null;
  /** Newest first; the member count is the one the version had when it was published. */
  versions: SegmentVersionSummary[];
  memberCount: number | null;
  /** Counts shown as null are fewer than this; null when the role sees every count exactly. */
  countsFewerThan: number | null;
  refreshedAt: string | null;
  canEdit: boolean;
  canPublish: boolean;
  /** The role may open the member list (read Customer as well). */
  canSeeMembers?: boolean;
}

export interface PreviewResult {
  ok: true;
  /** null when timed out, or when below `fewerThan` for a role that sees customers masked. */
  count: number | null;
  fewerThan?: number;
  /** Sample rows left out because the definition tests a field masked for this role. */
  sampleWithheld?: boolean;
  exact: boolean;
  timedOut: boolean;
  elapsedMs: number;
  sample: Array<{ id: number; customerNo: string; name: string; region: string | null }>;
}

/** What one block keeps on its own; null with a reason when not shown (timed out, refused by the count rules, below `fewerThan`). */
export interface BlockCount {
  count: number | null;
  fewerThan?: number;
  timedOut?: boolean;
  refused?: boolean;
}

export type Failure = { ok: false; status: number; error?: string; errors?: SegmentGraphError[] };

/** A count as the role may see it: the number, or "fewer than N" when the server coarsened it. */
export const countText = (n: number | null | undefined, fewerThan: number | null | undefined, t: Translate): string =>
  typeof n === 'number' ? n.toLocaleString('ko-KR') : fewerThan ? t('fewerThan', { count: fewerThan }) : '-';

/** What a refused request says, its problems in the console's language. */
export const failureText = (r: Failure, localise: Localise): string =>
  r.errors
    ? localise(r.errors)
        .map((e) => e.message)
        .join('; ')
    : (r.error ?? `HTTP ${r.status}`);

const base = '/admin/api/segments';

async function call<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<(T & { ok: true }) | Failure> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    // A proxy error page or an empty body: reported by status alone.
  }
  if (!res.ok || json.ok === false) return { ok: false, status: res.status, error: json.error as string | undefined, errors: json.errors as SegmentGraphError[] | undefined };
  return { ...(json as T), ok: true } as T & { ok: true };
}

export const segmentApi = {
  options: () => call<SegmentOptions>('GET', `${base}/options`),
  get: (id: string) => call<SegmentDetail>('GET', `${base}/${encodeURIComponent(id)}`),
  saveDraft: (id: string, graph: SegmentGraph) => call<{ errors: SegmentGraphError[] }>('PUT', `${base}/${encodeURIComponent(id)}/draft`, { graph }),
  preview: (graph: SegmentGraph, segmentId: number | undefined, signal: AbortSignal) => call<PreviewResult>('POST', `${base}/preview`, { graph, segmentId }, signal),
  blockCounts: (graph: SegmentGraph, segmentId: number | undefined, signal: AbortSignal) =>
    call<{ counts: Record<string, BlockCount>; elapsedMs: number }>('POST', `${base}/preview/blocks`, { graph, segmentId }, signal),
  publish: (id: string, graph: SegmentGraph) =>
    call<{ version: number; memberCount: number | null; entered: number | null; exited: number | null; fewerThan?: number }>('POST', `${base}/${encodeURIComponent(id)}/publish`, {
      graph,
    }),
};
