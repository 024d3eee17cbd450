import type { EventPropertyFilter } from '../../definitions/journey/journey-fields.js';
import { propertyMatches } from '../../segments/plan-matches.js';
import type { JourneyEventInput } from './journey-step.types.js';

/**
 * Whether an event is of the type and passes every property filter, with the
 * segment evaluator's semantics (types are checked, `neq` is NOT `eq`), so an
 * event filter means the same in an entry, a goal, an exit condition, a
 * wait for an event and a segment.
 */
export function eventMatches(want: { eventType: string; where: readonly EventPropertyFilter[] }, event: JourneyEventInput): boolean {
  return event.type === want.eventType && want.where.every((w) => propertyMatches(w, event.properties));
}
