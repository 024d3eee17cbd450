import { useEffect, useState } from 'react';
import type { SegmentGraph } from '../../../builder/segment/segment-graph.js';
import { failureText, segmentApi, type PreviewResult } from './segment-api.js';
import type { Localise } from './canvas-context.js';

export type PreviewState =
  { kind: 'idle' } | { kind: 'loading'; last?: PreviewResult } | { kind: 'done'; result: PreviewResult } | { kind: 'failed'; message: string; last?: PreviewResult };

export const previewDebounceMs = 600;

/**
 * Counts the audience of the graph on the server, ~600 ms after the last
 * change and only while the graph compiles; a newer graph aborts the older
 * request so a slow answer never overwrites a fresh one.
 */
export function useLivePreview(graph: SegmentGraph, compiles: boolean, segmentId: number | undefined, localise: Localise): PreviewState {
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  const key = JSON.stringify(graph);
  useEffect(() => {
    if (!compiles) {
      setState((s) => (s.kind === 'done' ? { kind: 'idle' } : s.kind === 'loading' ? { kind: 'idle' } : s));
      return undefined;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ kind: 'loading', last: s.kind === 'done' ? s.result : s.kind === 'loading' ? s.last : undefined }));
      segmentApi
        .preview(JSON.parse(key) as SegmentGraph, segmentId, abort.signal)
        .then((r) => {
          if (abort.signal.aborted) return;
          if (r.ok) setState({ kind: 'done', result: r });
          else setState({ kind: 'failed', message: failureText(r, localise) });
        })
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
        });
    }, previewDebounceMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `localise` only words a failure; a new one must not restart the count request
  }, [key, compiles, segmentId]);
  return state;
}
