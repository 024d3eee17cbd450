/** The pure journey interpreter: decisions only, no I/O (see README.md). */
export * from './journey-step.types.js';
export { step, maxStepsPerInput, newInstanceState } from './step.js';
export { deadlineOf, dueAtOf } from './instance-state.js';
export { walkErrorCodes } from './walk.js';
export { entryMatches, reEntryDecision, type EntryTrigger, type ReEntryDecision } from './entry-decision.js';
export { eventMatches } from './event-filter.js';
export { splitBranchFor, fnv1a32 } from './split-assignment.js';
export { nextWindowMoment, resolveWindowZone, localDay, type TimeWindow } from './wait-window.js';
