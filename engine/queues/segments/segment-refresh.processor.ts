import type { DataSource } from 'typeorm';
import type { SegmentService } from '../../../resources/segment/segment.service.js';
import { refreshAllSegments } from '../../segments/membership-refresh.js';

export interface SegmentRefreshSummary {
  segments: number;
  entered: number;
  exited: number;
  ms: number;
}

/** The scheduled full refresh: every published segment recomputed by SQL, transitions relayed to Kafka. */
export async function refreshPublishedSegments(
  ds: DataSource, service: SegmentService, now: Date, onError: (segmentId: number, err: unknown) => void,
): Promise<SegmentRefreshSummary> {
  const t0 = Date.now();
  const results = await refreshAllSegments(ds, now, onError);
  service.onTransitions();
  return {
    segments: results.length,
    entered: results.reduce((s, r) => s + r.entered, 0),
    exited: results.reduce((s, r) => s + r.exited, 0),
    ms: Date.now() - t0,
  };
}
