import { Counter } from 'prom-client';
import type { StoredEventHandler } from '../../ingestion/stored-event-handler.js';
import type { Logger } from '../../observability/logger.js';
import { registry } from '../../observability/metrics.js';
import { toTaxonomyError } from '../../errors/classify-error.js';
import type { JourneyRuntime } from './journey-runtime.js';

const handlerFailures = new Counter({
  name: 'journey_event_batches_failed_total',
  help: 'Ingested event batches the journey runtime could not handle and skipped (user or fatal errors; operational ones are retried)',
  labelNames: ['kind', 'code'] as const,
  registers: [registry],
});

/**
 * Journeys as an ingestion handler: each stored batch (new and redelivered
 * events alike) advances waiting instances and starts event-entry journeys
 * before the consumer commits its offsets, so a crash in between replays
 * the batch and entry keys / the instance's own state make it harmless.
 *
 * Error taxonomy: an operational error (deadlock, lost connection) fails the
 * batch, which the consumer retries with backoff; a user or fatal error
 * (a bug, a version that no longer parses) would fail it forever and stop
 * ingestion for everyone, so it is logged loudly, counted
 * (`journey_event_batches_failed_total`) and the batch goes on.
 */
export function journeyStoredEventHandler(runtime: JourneyRuntime, logger?: Logger): StoredEventHandler {
  return {
    name: 'journeys',
    async handle(batch) {
      try {
        await runtime.handleStoredEvents(batch.events);
      } catch (err) {
        const t = toTaxonomyError(err);
        if (t.kind === 'operational') throw err;
        handlerFailures.inc({ kind: t.kind, code: t.code });
        logger?.error(
          { err, events: batch.events.length, eventIds: batch.events.slice(0, 5).map((e) => e.eventId) },
          `journeys skipped an event batch (${t.kind} error ${t.code})`,
        );
      }
    },
  };
}
