import React from 'react';
import type { SegmentGraphNodeType } from '../../../builder/segment/segment-graph.js';
import { useCanvas } from './canvas-context.js';

export const blockMime = 'application/x-segment-block';
const items: SegmentGraphNodeType[] = ['and', 'or', 'not', 'attribute', 'holding', 'event', 'segment'];

/**
 * Blocks for the canvas: dragged (HTML5 drag and drop; the canvas reads the
 * type on drop) or, without a mouse, each is a button — Enter or Space adds
 * the block at a free spot on the canvas, selected, its parameters (and
 * where it connects) in the side panel.
 */
export const Palette: React.FC<{ onAdd: (type: SegmentGraphNodeType) => void }> = ({ onAdd }) => {
  const { t, readOnly } = useCanvas();
  return (
    <div style={{ width: 150, display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="palette" role="group" aria-labelledby="segment-palette-title">
      <div style={{ fontWeight: 700 }} id="segment-palette-title">
        {t('paletteTitle')}
      </div>
      {items.map((type) => (
        <button
          type="button"
          key={type}
          data-testid={`palette-${type}`}
          className="segment-palette-item"
          draggable={!readOnly}
          disabled={readOnly}
          aria-label={t('paletteAdd', { block: t(`block_${type}`) })}
          onClick={() => !readOnly && onAdd(type)}
          onDragStart={(e) => {
            e.dataTransfer.setData(blockMime, type);
            e.dataTransfer.effectAllowed = 'move';
          }}
          style={{
            border: '1px solid #8c959f',
            borderRadius: 6,
            padding: '6px 8px',
            background: '#f6f8fa',
            color: '#24292f',
            textAlign: 'left',
            cursor: readOnly ? 'not-allowed' : 'grab',
            opacity: readOnly ? 0.6 : 1,
            fontSize: 13,
            userSelect: 'none',
          }}
        >
          {t(`block_${type}`)}
        </button>
      ))}
      {!readOnly && <div style={{ fontSize: 12, color: '#57606a' }}>{t('paletteHint')}</div>}
    </div>
  );
};
