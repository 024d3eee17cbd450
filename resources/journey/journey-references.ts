import type { JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { referencedSegmentIds } from '../../engine/definitions/segment/segment-definition.schema.js';

/** One place a journey definition names a segment: where, and in which block if any. */
export interface SegmentReference {
  segmentId: number;
  path: string;
  nodeId?: string;
}

/**
 * Every segment a (parsed) definition refers to: the entry (segment entered
 * or exited, a schedule's audience), the exit conditions, and the segment
 * conditions inside condition blocks (at any depth of their AND / OR / NOT
 * groups). Publishing needs each of them to exist and be PUBLISHED.
 */
export function segmentReferences(d: JourneyDefinition): SegmentReference[] {
  const refs: SegmentReference[] = [];
  const e = d.entry;
  if (e.type === 'segmentEntered' || e.type === 'segmentExited' || e.type === 'schedule') refs.push({ segmentId: e.segmentId, path: 'entry.segmentId' });
  d.exitWhen.forEach((x, i) => {
    if (x.type === 'segmentExited') refs.push({ segmentId: x.segmentId, path: `exitWhen.${i}.segmentId` });
  });
  d.nodes.forEach((n, i) => {
    if (n.type !== 'condition') return;
    for (const segmentId of referencedSegmentIds(n.condition)) refs.push({ segmentId, path: `nodes.${i}.condition`, nodeId: n.id });
  });
  return refs;
}

/** The references whose segment is missing or not PUBLISHED, given each known segment's status. */
export function unpublishedReferences(refs: SegmentReference[], statusOf: ReadonlyMap<number, string>): SegmentReference[] {
  return refs.filter((r) => statusOf.get(r.segmentId) !== 'PUBLISHED');
}

/** The entry columns copied onto the journey row at publication, so routing needs no JSON read. */
export function entryColumns(d: JourneyDefinition): { entryType: string; entryEventType: string | null; entrySegmentId: number | null } {
  const e = d.entry;
  switch (e.type) {
    case 'event':
      return { entryType: e.type, entryEventType: e.eventType, entrySegmentId: null };
    case 'segmentEntered':
    case 'segmentExited':
    case 'schedule':
      return { entryType: e.type, entryEventType: null, entrySegmentId: e.segmentId };
    case 'api':
      return { entryType: e.type, entryEventType: null, entrySegmentId: null };
  }
}
