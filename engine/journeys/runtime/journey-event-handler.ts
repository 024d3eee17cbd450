import type { StoredEventHandler } from '../../ingestion/stored-event-handler.js';
import type { JourneyRuntime } from './journey-runtime.js';

/**
 * Journeys as an ingestion handler: each stored batch (new and redelivered
 * events alike) advances waiting instances and starts event-entry journeys
 * before the consumer commits its offsets, so a crash in between replays
 * the batch and entry keys / the instance's own state make it harmless.
 */
export function journeyStoredEventHandler(runtime: JourneyRuntime): StoredEventHandler {
  return {
    name: 'journeys',
    async handle(batch) {
      await runtime.handleStoredEvents(batch.events);
    },
  };
}
