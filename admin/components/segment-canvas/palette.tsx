import React from 'react';
import type { SegmentGraphNodeType } from '../../../builder/segment/segment-graph.js';
import { useCanvas } from './canvas-context.js';

export const blockMime = 'application/x-segment-block';
const items: SegmentGraphNodeType[] = ['and', 'or', 'not', 'attribute', 'holding', 'event', 'segment'];

/** Blocks to drag onto the canvas (HTML5 drag and drop; the canvas reads the type on drop). */
export const Palette: React.FC = () => {
  const { t, readOnly } = useCanvas();
  return (
    <div style={{ width: 150, display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="palette">
      <div style={{ fontWeight: 700 }}>{t('paletteTitle')}</div>
      {items.map((type) => (
        <div
          key={type}
          data-testid={`palette-${type}`}
          draggable={!readOnly}
          onDragStart={(e) => {
            e.dataTransfer.setData(blockMime, type);
            e.dataTransfer.effectAllowed = 'move';
          }}
          style={{
            border: '1px solid #d0d7de',
            borderRadius: 6,
            padding: '6px 8px',
            background: '#f6f8fa',
            cursor: readOnly ? 'not-allowed' : 'grab',
            opacity: readOnly ? 0.5 : 1,
            fontSize: 13,
            userSelect: 'none',
          }}
        >
          {t(`block_${type}`)}
        </div>
      ))}
      {!readOnly && <div style={{ fontSize: 11, color: '#57606a' }}>{t('paletteHint')}</div>}
    </div>
  );
};
