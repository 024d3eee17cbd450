import { parseSegmentDefinition, type SegmentDefinition } from '../definitions/segment/segment-definition.schema.js';
import { planSegment, type SegmentPlan } from './segment-plan.js';
import { jsonColumn } from './json-column.util.js';
import type { Queryable } from './customer-facts.js';

export interface PublishedSegment {
  segmentId: number;
  name: string;
  versionId: number;
  version: number;
  definition: SegmentDefinition;
}

/** The current published version of every PUBLISHED segment (or of `ids` only). */
export async function loadPublishedSegments(db: Queryable): Promise<Map<number, PublishedSegment>> {
  const rows: Array<{ id: number; name: string; version_id: number; version: number; definition: unknown }> = await db.query(
    `SELECT s.id, s.name, v.id AS version_id, v.version, v.definition
       FROM segment s JOIN segment_version v ON v.id = s.published_version_id
      WHERE s.status = 'PUBLISHED'`,
  );
  const out = new Map<number, PublishedSegment>();
  for (const r of rows) {
    // Stored definitions were validated when published; parsing again applies defaults and guards against hand edits.
    const parsed = parseSegmentDefinition(jsonColumn(r.definition));
    if (!parsed.ok) continue;
    out.set(Number(r.id), { segmentId: Number(r.id), name: r.name, versionId: Number(r.version_id), version: Number(r.version), definition: parsed.definition });
  }
  return out;
}

export interface PlannedSegment {
  segment: PublishedSegment;
  plan: SegmentPlan;
}

/**
 * Plans every published segment for `now`. Membership of another segment
 * inlines that segment's current published definition, so the plans never
 * depend on another segment's materialisation being up to date.
 */
export function planPublished(published: Map<number, PublishedSegment>, now: Date): { planned: PlannedSegment[]; failed: Array<{ segmentId: number; message: string }> } {
  const resolveSegment = (id: number) => published.get(id)?.definition;
  const planned: PlannedSegment[] = [];
  const failed: Array<{ segmentId: number; message: string }> = [];
  for (const segment of published.values()) {
    const r = planSegment(segment.definition, { now, resolveSegment });
    if (r.ok) planned.push({ segment, plan: r.plan });
    else failed.push({ segmentId: segment.segmentId, message: r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
  }
  return { planned, failed };
}
