import { createContext, useContext } from 'react';
import type { SegmentGraphError } from '../../../builder/segment/segment-graph.js';
import type { BlockCount, SegmentOptions } from './segment-api.js';

export type Translate = (key: string, options?: Record<string, unknown>) => string;
/** Puts compiler and server problems into the console's language (localise-problems.ts). */
export type Localise = <T extends SegmentGraphError>(problems: T[]) => T[];

/** What every block on the canvas needs besides its own data: errors, labels, choices. */
export interface CanvasContextValue {
  t: Translate;
  localise: Localise;
  errorsByNode: Map<string, SegmentGraphError[]>;
  options: SegmentOptions | null;
  readOnly: boolean;
  /** The console's language ('ko' | 'en'), for names that come from catalogues rather than the locale (event types). */
  language: 'ko' | 'en';
  /** What each block keeps on its own (server-side, disclosed like the total); empty while not counted. */
  blockCounts: Record<string, BlockCount>;
}

export const CanvasContext = createContext<CanvasContextValue>({
  t: (k) => k,
  localise: (p) => p,
  errorsByNode: new Map(),
  options: null,
  readOnly: true,
  language: 'ko',
  blockCounts: {},
});
export const useCanvas = () => useContext(CanvasContext);

/** A label from the locale, or the raw code when the locale has none (codes from the data, e.g. tags). */
export const labelOr = (t: Translate, key: string, raw: string) => {
  const s = t(key);
  return s === key ? raw : s;
};

/** An event type by its name in the console's language (engine/definitions/event-type-names.ts); unknown types as their code. */
export { eventTypeName } from '../../../engine/definitions/event-type-names.js';
