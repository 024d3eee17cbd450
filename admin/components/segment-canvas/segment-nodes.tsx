import React from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useCanvas } from './canvas-context.js';
import { describeBlock } from './describe-block.js';
import type { FlowNode } from './flow-graph.js';
import { countText } from './segment-api.js';

const colours: Record<string, string> = {
  audience: '#0550ae',
  and: '#8250df',
  or: '#7d5700',
  not: '#cf222e',
  attribute: '#0969da',
  holding: '#1a7f37',
  event: '#9a6700',
  segment: '#57606a',
};

const handleStyle: React.CSSProperties = { width: 12, height: 12 };

/**
 * One component for every block: inputs on the left (groups and the
 * audience), the output on the right (everything but the audience), and the
 * compiler's errors for this block in red beneath its title.
 */
export const SegmentBlock: React.FC<NodeProps<FlowNode>> = ({ id, type, data, selected }) => {
  const { t, errorsByNode, options, readOnly, language, blockCounts } = useCanvas();
  const errors = errorsByNode.get(id) ?? [];
  const kept = type === 'audience' ? undefined : blockCounts[id];
  const hasInput = ['audience', 'and', 'or', 'not'].includes(type);
  const hasOutput = type !== 'audience';
  const border = errors.length ? '#cf222e' : selected ? '#0969da' : '#d0d7de';
  return (
    <div
      data-testid={`node-${type}`}
      data-node-id={id}
      data-invalid={errors.length ? 'true' : 'false'}
      style={{
        background: '#fff',
        border: `2px solid ${border}`,
        borderRadius: 8,
        minWidth: 170,
        maxWidth: 260,
        padding: '8px 12px',
        fontSize: 12,
        boxShadow: selected ? '0 0 0 3px rgba(9,105,218,.2)' : 'none',
      }}
    >
      {hasInput && <Handle type="target" position={Position.Left} style={handleStyle} data-testid={`handle-in-${id}`} isConnectable={!readOnly} />}
      <div style={{ fontWeight: 700, color: colours[type] }}>{t(`block_${type}`)}</div>
      {!hasInput || type === 'audience' ? null : <div style={{ color: '#57606a' }}>{t(`blockHint_${type}`)}</div>}
      {['attribute', 'holding', 'event', 'segment'].includes(type) && (
        <div style={{ marginTop: 4, wordBreak: 'break-word' }} data-testid="node-summary">
          {describeBlock(type, data, t, options, language)}
        </div>
      )}
      {kept && (
        <div data-testid="node-count" data-count={kept.count ?? ''} data-fewer-than={kept.fewerThan ?? ''} style={{ marginTop: 4, color: '#24292f', fontWeight: 600 }}>
          {kept.count !== null
            ? t('blockKeeps', { count: kept.count, shown: countText(kept.count, undefined, t) })
            : kept.fewerThan
              ? t('blockKeepsFewer', { count: kept.fewerThan })
              : kept.refused
                ? t('blockCountRefused')
                : t('blockCountTimedOut')}
        </div>
      )}
      {errors.map((e, i) => (
        <div key={i} style={{ color: '#cf222e', marginTop: 4 }} data-testid="node-error">
          {e.message}
        </div>
      ))}
      {hasOutput && <Handle type="source" position={Position.Right} style={handleStyle} data-testid={`handle-out-${id}`} isConnectable={!readOnly} />}
    </div>
  );
};

export const nodeTypes = {
  audience: SegmentBlock,
  and: SegmentBlock,
  or: SegmentBlock,
  not: SegmentBlock,
  attribute: SegmentBlock,
  holding: SegmentBlock,
  event: SegmentBlock,
  segment: SegmentBlock,
};
