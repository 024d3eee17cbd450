import { durationToMinutes } from './journey-duration.js';
import { assertNeverNode, type JourneyNode } from './journey-node.schema.js';

/**
 * The exits of a block, in the order the canvas draws them. Each exit is one
 * source handle of a React Flow node: an edge `{ source: node.id,
 * sourceHandle: exit.handle, target: exit.target }`. Handles are the field
 * names (`next`, `onTrue`, `onFalse`, `onEvent`, `onTimeout`) and
 * `branch:<branch id>` for a split, so a canvas edge maps to exactly one
 * field of the definition (`path`) and back.
 */
export interface JourneyExit {
  handle: string;
  /** The block it leads to; null while not connected. */
  target: string | null;
  /** Where the exit lives inside the block, e.g. ['branches', 1, 'next']. */
  path: Array<string | number>;
}

export const branchHandle = (branchId: string) => `branch:${branchId}`;

export function journeyNodeExits(node: JourneyNode): JourneyExit[] {
  switch (node.type) {
    case 'start':
    case 'waitDuration':
    case 'waitUntil':
    case 'sendMessage':
    case 'updateCustomer':
    case 'webhook':
      return [{ handle: 'next', target: node.next, path: ['next'] }];
    case 'waitForEvent':
      return [
        { handle: 'onEvent', target: node.onEvent, path: ['onEvent'] },
        { handle: 'onTimeout', target: node.onTimeout, path: ['onTimeout'] },
      ];
    case 'condition':
      return [
        { handle: 'onTrue', target: node.onTrue, path: ['onTrue'] },
        { handle: 'onFalse', target: node.onFalse, path: ['onFalse'] },
      ];
    case 'split':
      return node.branches.map((b, i) => ({ handle: branchHandle(b.id), target: b.next, path: ['branches', i, 'next'] }));
    case 'goal':
    case 'exit':
      return [];
    default:
      return assertNeverNode(node);
  }
}

/**
 * Whether a block always holds a customer before letting them on, which is
 * what a loop needs to be no busy loop. A duration wait always waits; a wait
 * for an event waits for a new event or its timeout. A wait-until may let the
 * customer through at once (a moment already past, a window already open), so
 * it does not count, like every other block.
 */
export function breaksLoop(node: JourneyNode): boolean {
  // Only a block that is known to hold the customer for some time breaks a loop.
  return (longestWaitMinutes(node) ?? 0) > 0;
}

/** The longest a block can hold a customer, in minutes, when that is known from the definition alone. */
export function longestWaitMinutes(node: JourneyNode): number | undefined {
  switch (node.type) {
    case 'waitDuration':
      return durationToMinutes(node.duration);
    case 'waitForEvent':
      return durationToMinutes(node.timeout);
    case 'waitUntil':
      // An absolute moment depends on when the customer arrives; a window opens within days.
      return undefined;
    case 'start':
    case 'condition':
    case 'split':
    case 'sendMessage':
    case 'updateCustomer':
    case 'webhook':
    case 'goal':
    case 'exit':
      return 0;
    default:
      return assertNeverNode(node);
  }
}
