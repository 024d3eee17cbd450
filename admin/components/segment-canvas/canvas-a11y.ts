import type { AriaLabelConfig } from '@xyflow/react';
import type { Translate } from './canvas-context.js';

/**
 * React Flow's screen-reader texts and control titles (ariaLabelConfig,
 * @xyflow/react 12.10) from the locale, so the zoom buttons, the blocks'
 * keyboard help and the "moved" announcements speak the console's language.
 */
export function canvasAriaLabels(t: Translate): Partial<AriaLabelConfig> {
  const direction = (d: string) => {
    const key = `a11y_direction_${d}`;
    const s = t(key);
    return s === key ? d : s;
  };
  return {
    'node.a11yDescription.default': t('a11y_node'),
    'node.a11yDescription.keyboardDisabled': t('a11y_nodeKeyboard'),
    'node.a11yDescription.ariaLiveMessage': ({ direction: d, x, y }) => t('a11y_moved', { direction: direction(d), x, y }),
    'edge.a11yDescription.default': t('a11y_edge'),
    'controls.ariaLabel': t('a11y_controls'),
    'controls.zoomIn.ariaLabel': t('a11y_zoomIn'),
    'controls.zoomOut.ariaLabel': t('a11y_zoomOut'),
    'controls.fitView.ariaLabel': t('a11y_fitView'),
    'controls.interactive.ariaLabel': t('a11y_interactive'),
    'minimap.ariaLabel': t('a11y_minimap'),
    'handle.ariaLabel': t('a11y_handle'),
  };
}

/**
 * A visible focus ring on everything focusable in the builder: React Flow's
 * own stylesheet takes the outline off focused blocks and edges.
 */
export const canvasFocusCss = `
[data-testid="segment-canvas"] .react-flow__node:focus-visible,
[data-testid="segment-canvas"] .react-flow__edge:focus-visible,
[data-testid="segment-canvas"] .react-flow__controls-button:focus-visible,
.segment-palette-item:focus-visible,
.segment-dialog-button:focus,
.segment-problem-link:focus-visible,
.segment-panel-heading:focus-visible,
[data-testid="side-panel"] select:focus-visible,
[data-testid="side-panel"] input:focus-visible,
[data-testid="side-panel"] button:focus-visible,
[data-testid="open-members"]:focus-visible {
  outline: 3px solid #0550ae !important;
  outline-offset: 2px;
  border-radius: 6px;
}
`;
