import type { DomainEvent, DomainEventType } from '../../definitions/domain-events/domain-event.schema.js';
import { toTaxonomyError } from '../../errors/classify-error.js';
import { UserError } from '../../errors/user.error.js';
import type { JourneyRuntime } from './journey-runtime.js';

/**
 * Journeys as an in-process subscriber of the domain-event relay: a segment
 * entry or exit starts segment-entry journeys and ends instances whose exit
 * condition is leaving that segment. Delivery is at least once; the entry
 * key (the segment transition) makes a redelivery start nothing twice.
 *
 * An operational error (deadlock, lost connection) is rethrown so the relay
 * retries the batch; anything else (e.g. a version that no longer parses) is
 * reported as a user error, which the relay logs and skips for this
 * subscriber only, so one broken journey never stalls the domain events of
 * every other consumer.
 */
export function journeySegmentSubscriber(runtime: JourneyRuntime): { name: string; types: DomainEventType[]; handler: (events: DomainEvent[]) => Promise<void> } {
  return {
    name: 'journeys',
    types: ['segment.entered', 'segment.exited'],
    handler: async (events) => {
      try {
        await runtime.handleSegmentEvents(events);
      } catch (err) {
        const t = toTaxonomyError(err);
        if (t.kind === 'operational') throw t;
        throw new UserError('journeyEntryFailed', `journeys could not handle segment transitions: ${t.message}`, { cause: err });
      }
    },
  };
}
