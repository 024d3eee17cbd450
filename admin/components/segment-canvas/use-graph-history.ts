import { useCallback, useRef, useState } from 'react';

const limit = 100;

/**
 * Undo/redo over whole canvas snapshots (nodes, edges, parameters). The
 * caller records the state *before* each change the marketer would call a
 * step: a drop, a connection, a deletion, a drag, a parameter edit. Selection
 * and measuring are not steps.
 */
export function useGraphHistory<T>(current: T, restore: (s: T) => void) {
  const past = useRef<T[]>([]);
  const future = useRef<T[]>([]);
  const [, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);

  const record = useCallback((before: T) => {
    past.current = [...past.current.slice(-(limit - 1)), before];
    future.current = [];
    bump();
  }, []);
  const undo = useCallback(() => {
    const prev = past.current.pop();
    if (prev === undefined) return;
    future.current.push(current);
    restore(prev);
    bump();
  }, [current, restore]);
  const redo = useCallback(() => {
    const next = future.current.pop();
    if (next === undefined) return;
    past.current.push(current);
    restore(next);
    bump();
  }, [current, restore]);
  return { record, undo, redo, canUndo: past.current.length > 0, canRedo: future.current.length > 0 };
}
