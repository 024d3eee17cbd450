import type { DataSource } from 'typeorm';
import type { StoredEventHandler } from '../ingestion/stored-event-handler.js';
import type { OutboxKick } from '../outbox/outbox-kick.js';
import { applyRealtimeMembership } from './membership-realtime.js';

/**
 * Real-time segment membership as an ingestion stored-event handler: the
 * customers of the batch's events (stored or duplicate) are evaluated
 * against every published segment, and the differences are written with
 * their segment events; then the outbox relay is kicked. Idempotent: a
 * retried batch finds the membership already right and writes nothing.
 */
export function realtimeMembershipHandler(ds: DataSource, outbox: OutboxKick): StoredEventHandler {
  return {
    name: 'segment-membership',
    async handle(batch) {
      const r = await applyRealtimeMembership(ds, batch.customerIds, new Date(), { kind: 'system', id: 'ingestion' });
      if (r.entered + r.exited > 0) void outbox.kick();
    },
  };
}
