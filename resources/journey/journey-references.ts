import type { JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { referencedSegmentIds } from '../../engine/definitions/segment/segment-definition.schema.js';
import { reviewValidity } from '../template/template-lifecycle.rules.js';

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

/** One send block's template: which id, for which channel, where. */
export interface TemplateReference {
  templateId: number;
  channel: string;
  path: string;
  nodeId: string;
}

/** Every template a (parsed) definition sends, one per send block. Publishing needs each to be sendable now. */
export function templateReferences(d: JourneyDefinition): TemplateReference[] {
  const refs: TemplateReference[] = [];
  d.nodes.forEach((n, i) => {
    if (n.type === 'sendMessage') refs.push({ templateId: n.templateId, channel: n.channel, path: `nodes.${i}.templateId`, nodeId: n.id });
  });
  return refs;
}

/**
 * What the template store says about one referenced id: its own channel and,
 * when its lineage (the revisions of the same name) has an APPROVED revision,
 * that revision's channel and review period. The approved revision is what a
 * send would use (TemplateService.templateForSend).
 */
export interface TemplateLineage {
  channel: string;
  approved: { channel: string; reviewNumber: string | null; validFrom: Date | null; validUntil: Date | null } | null;
}

export type TemplateReferenceProblem =
  | { code: 'templateNotFound'; params: { id: number } }
  | { code: 'templateWrongChannel'; params: { id: number; templateChannel: string; channel: string } }
  | { code: 'templateNotApproved'; params: { id: number } }
  | { code: 'templateReviewExpired'; params: { id: number; reviewNumber: string; validUntil: string } }
  | { code: 'templateReviewNotYetValid'; params: { id: number; reviewNumber: string; validFrom: string } };

/** A review date as a Seoul calendar day (how compliance writes it). */
const seoulDay = (d: Date | null): string => (d ? new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10) : '-');

/**
 * The problem of one send block's template, or null when it may be sent now:
 * the id must exist, be for the block's channel (the approved revision's, which
 * is what goes out), and have an approved revision whose review covers `now`.
 */
export function templateReferenceProblem(ref: TemplateReference, lineage: TemplateLineage | undefined, now: Date): TemplateReferenceProblem | null {
  const id = ref.templateId;
  if (!lineage) return { code: 'templateNotFound', params: { id } };
  const channel = lineage.approved?.channel ?? lineage.channel;
  if (channel !== ref.channel) return { code: 'templateWrongChannel', params: { id, templateChannel: channel, channel: ref.channel } };
  const a = lineage.approved;
  if (!a) return { code: 'templateNotApproved', params: { id } };
  const reviewNumber = a.reviewNumber ?? '-';
  const validity = reviewValidity(a.validFrom, a.validUntil, now);
  if (validity === 'notYetValid') return { code: 'templateReviewNotYetValid', params: { id, reviewNumber, validFrom: seoulDay(a.validFrom) } };
  if (validity === 'expired') return { code: 'templateReviewExpired', params: { id, reviewNumber, validUntil: seoulDay(a.validUntil) } };
  return null;
}
