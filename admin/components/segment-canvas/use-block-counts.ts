import { useEffect, useState } from 'react';
import type { SegmentGraph } from '../../../builder/segment/segment-graph.js';
import { segmentApi, type BlockCount } from './segment-api.js';
import { previewDebounceMs } from './use-live-preview.js';

/**
 * What each block keeps (POST /preview/blocks), counted on the server with
 * the live count's evaluator and budget, after the same pause as the live
 * count and only while the graph compiles. A newer graph aborts the older
 * request; counts of the previous graph stay shown (dimmed by the blocks)
 * until the new ones arrive, and are cleared when the graph stops compiling.
 */
export function useBlockCounts(graph: SegmentGraph, compiles: boolean, segmentId: number | undefined): { counts: Record<string, BlockCount>; loading: boolean } {
  const [counts, setCounts] = useState<Record<string, BlockCount>>({});
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify({ nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, data: n.data })), edges: graph.edges });
  useEffect(() => {
    if (!compiles) {
      setCounts({});
      setLoading(false);
      return undefined;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      const g = JSON.parse(key) as { nodes: Array<Omit<SegmentGraph['nodes'][number], 'position'>>; edges: SegmentGraph['edges'] };
      segmentApi
        .blockCounts({ nodes: g.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })), edges: g.edges }, segmentId, abort.signal)
        .then((r) => {
          if (abort.signal.aborted) return;
          setCounts(r.ok ? r.counts : {});
          setLoading(false);
        })
        .catch(() => {
          if (!abort.signal.aborted) setLoading(false);
        });
    }, previewDebounceMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [key, compiles, segmentId]);
  return { counts, loading };
}
