import type { OutboxQueryable } from './append-to-outbox.js';

/**
 * Deletes domain events published more than `retentionDays` ago (the
 * housekeeping job; OUTBOX_RETENTION_DAYS). Unpublished rows are never
 * touched. In slices of `slice` rows, each its own statement, so a large
 * purge never holds many locks or one long transaction. Returns how many went.
 */
export async function purgePublishedEvents(db: OutboxQueryable, now: Date, retentionDays: number, slice = 5000): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let purged = 0;
  for (;;) {
    const res = (await db.query('DELETE FROM domain_event WHERE published_at IS NOT NULL AND published_at < ? ORDER BY published_at, id LIMIT ?', [cutoff, slice])) as {
      affectedRows?: number;
    };
    const n = Number(res.affectedRows ?? 0);
    purged += n;
    if (n < slice) return purged;
  }
}
