import type { JourneyEntry, JourneyReEntry } from '../../definitions/journey/journey-entry.schema.js';
import { eventMatches } from './event-filter.js';
import { dayMs } from './instance-state.js';
import type { JourneyEventInput } from './journey-step.types.js';

/**
 * Pure entry decisions: does this trigger concern the journey's entry, and
 * may this customer enter (again)? The runtime gathers the facts (the
 * trigger, whether the customer has an active instance, when they last
 * entered) and still enforces "one active instance" with a unique key: these
 * functions only decide.
 */

/** What may start an instance: a stored customer event, a segment transition, a schedule firing over a segment, an API call. */
export type EntryTrigger =
  | { kind: 'event'; event: JourneyEventInput }
  | { kind: 'segmentEntered'; segmentId: number }
  | { kind: 'segmentExited'; segmentId: number }
  | { kind: 'schedule'; segmentId: number }
  | { kind: 'api' };

export function entryMatches(entry: JourneyEntry, trigger: EntryTrigger): boolean {
  switch (entry.type) {
    case 'event':
      return trigger.kind === 'event' && eventMatches(entry, trigger.event);
    case 'segmentEntered':
    case 'segmentExited':
    case 'schedule':
      return trigger.kind === entry.type && trigger.segmentId === entry.segmentId;
    case 'api':
      return trigger.kind === 'api';
    default: {
      const never: never = entry;
      throw new Error(`unhandled journey entry ${JSON.stringify(never)}`);
    }
  }
}

export type ReEntryDecision = { enter: true } | { enter: false; reason: 'alreadyActive' | 'enteredBefore' | 'tooSoon' };

/**
 * Whether a customer may enter now. An active instance always says no
 * (`alreadyActive`, whatever the rule); then `once` refuses anyone who
 * entered before, `afterDays` anyone whose last entry is less than N days
 * (N × 24 h, elapsed) ago, and `always` lets everyone in.
 */
export function reEntryDecision(reEntry: JourneyReEntry, history: { hasActive: boolean; lastEnteredAt: number | null }, now: number): ReEntryDecision {
  if (history.hasActive) return { enter: false, reason: 'alreadyActive' };
  if (history.lastEnteredAt === null) return { enter: true };
  switch (reEntry.kind) {
    case 'once':
      return { enter: false, reason: 'enteredBefore' };
    case 'afterDays':
      return now >= history.lastEnteredAt + reEntry.days * dayMs ? { enter: true } : { enter: false, reason: 'tooSoon' };
    case 'always':
      return { enter: true };
    default: {
      const never: never = reEntry;
      throw new Error(`unhandled re-entry rule ${JSON.stringify(never)}`);
    }
  }
}
