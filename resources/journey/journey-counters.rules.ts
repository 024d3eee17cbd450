/**
 * Per-block counters from three aggregates, without I/O:
 *
 * - entered: journey_step rows of the block (a block entered twice in a loop counts twice);
 * - waitingNow: running instances whose current block it is;
 * - exited: ended instances whose last block it is, by end reason
 *   (`completed` at an exit block, `goalReached`, `exitCondition`, `maxDuration`, `archived`, ...);
 * - converted: those of them that converted;
 * - passed: entered − waitingNow − ended there (went on to a next block).
 *
 * Blocks are listed in the order the definitions declare them (latest
 * version first when several versions are counted), then any block only the
 * step rows know (a block of an older version no longer declared).
 */
export interface BlockCounters {
  nodeId: string;
  nodeType: string;
  entered: number;
  waitingNow: number;
  passed: number;
  exited: Record<string, number>;
  converted: number;
}

export interface EndedAt {
  nodeId: string;
  reason: string;
  count: number;
  converted: number;
}

export function blockCounters(
  declared: Array<{ id: string; type: string }>,
  entered: Array<{ nodeId: string; nodeType: string; count: number }>,
  waiting: Array<{ nodeId: string; count: number }>,
  ended: EndedAt[],
): BlockCounters[] {
  const blocks = new Map<string, BlockCounters>();
  const block = (nodeId: string, nodeType: string) => {
    let b = blocks.get(nodeId);
    if (!b) {
      b = { nodeId, nodeType, entered: 0, waitingNow: 0, passed: 0, exited: {}, converted: 0 };
      blocks.set(nodeId, b);
    }
    return b;
  };
  for (const n of declared) block(n.id, n.type);
  for (const e of entered) block(e.nodeId, e.nodeType).entered += e.count;
  for (const w of waiting) block(w.nodeId, blocks.get(w.nodeId)?.nodeType ?? 'unknown').waitingNow += w.count;
  for (const e of ended) {
    const b = block(e.nodeId, blocks.get(e.nodeId)?.nodeType ?? 'unknown');
    b.exited[e.reason] = (b.exited[e.reason] ?? 0) + e.count;
    b.converted += e.converted;
  }
  for (const b of blocks.values()) {
    const endedThere = Object.values(b.exited).reduce((s, n) => s + n, 0);
    b.passed = Math.max(0, b.entered - b.waitingNow - endedThere);
  }
  return [...blocks.values()];
}
