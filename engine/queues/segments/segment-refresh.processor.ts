import type { SegmentService } from '../../../resources/segment/segment.service.js';

export interface SegmentRefreshSummary {
  segments: number;
  entered: number;
  exited: number;
  ms: number;
}

/** The scheduled full refresh: every published segment recomputed by SQL, transitions (domain events) relayed by the outbox. */
export async function refreshPublishedSegments(service: SegmentService, now: Date, onError: (segmentId: number, err: unknown) => void): Promise<SegmentRefreshSummary> {
  const t0 = Date.now();
  const results = await service.refreshAll(now, onError);
  return {
    segments: results.length,
    entered: results.reduce((s, r) => s + r.entered, 0),
    exited: results.reduce((s, r) => s + r.exited, 0),
    ms: Date.now() - t0,
  };
}
