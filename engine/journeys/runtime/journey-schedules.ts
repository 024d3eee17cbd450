import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../observability/logger.js';
import type { JourneyCatalogue, RoutedJourney } from './journey-catalogue.js';
import type { JourneyRuntime } from './journey-runtime.js';
import type { JourneyQueues, ScheduleJob } from './journey-queues.js';

/** Marks a one-off schedule as fired, so re-registration does not fire it again (entry keys would make that harmless, only slow). */
const firedKey = (queue: Queue.Queue<ScheduleJob>, journeyId: number, versionId: number) => queue.toKey(`fired:${journeyId}:${versionId}`);

/** The schedule's Bull job id; one per journey version, so republishing replaces it. */
const scheduleJobId = (j: RoutedJourney) => `schedule-${j.journeyId}-${j.version.versionId}`;

/**
 * Batch campaigns: a journey whose entry is a schedule over a segment gets
 * ONE Bull job — repeatable (cron in the schedule's time zone) or delayed
 * (once at a date-time) — never one per customer. Registration is
 * idempotent and also removes the jobs of versions no longer live, so it
 * runs after every lifecycle change, at start and after Redis lost its data.
 */
export async function registerSchedules(queues: JourneyQueues, catalogue: JourneyCatalogue, now: Date): Promise<number> {
  catalogue.invalidate();
  const live = (await catalogue.journeys()).filter((j) => j.status === 'PUBLISHED' && j.version.definition.entry.type === 'schedule');
  const wanted = new Set(live.map(scheduleJobId));
  for (const r of await queues.schedule.getRepeatableJobs()) {
    if (!r.id || !wanted.has(r.id)) await queues.schedule.removeRepeatableByKey(r.key);
  }
  for (const job of await queues.schedule.getDelayed()) {
    if (job && !wanted.has(String(job.opts.jobId ?? job.id))) await job.remove();
  }
  const repeats = new Set((await queues.schedule.getRepeatableJobs()).map((r) => r.id));
  let registered = 0;
  for (const j of live) {
    const entry = j.version.definition.entry;
    if (entry.type !== 'schedule') continue;
    const data: ScheduleJob = { journeyId: j.journeyId, versionId: j.version.versionId };
    const id = scheduleJobId(j);
    if (entry.schedule.kind === 'recurring') {
      if (repeats.has(id)) continue;
      await queues.schedule.add(data, { jobId: id, repeat: { cron: entry.schedule.cron, tz: entry.schedule.timeZone }, removeOnComplete: 50, removeOnFail: 200 });
      registered += 1;
    } else {
      const at = Date.parse(entry.schedule.at);
      if (at < now.getTime() && (await queues.schedule.client.exists(firedKey(queues.schedule, j.journeyId, j.version.versionId))) > 0) continue;
      // A one-off already past (e.g. the engine was down at the time) fires at once. Its job id is fixed, so
      // its entry keys are too: firing it again (Redis lost the mark) admits nobody twice.
      await queues.schedule.add(data, { jobId: id, delay: Math.max(0, at - now.getTime()), removeOnComplete: 50, removeOnFail: 200 });
      registered += 1;
    }
  }
  return registered;
}

/**
 * A schedule fired: every member of the segment's published membership at
 * this moment enters (re-entry rules apply), in pages. The entry key is the
 * firing (the Bull job id, unique per scheduled time) and the customer, so a
 * firing retried after a crash admits nobody twice.
 */
export function scheduleProcessor(ds: DataSource, runtime: JourneyRuntime, catalogue: JourneyCatalogue, logger: Logger) {
  return async (job: Queue.Job<ScheduleJob>): Promise<{ started: number; skipped: Record<string, number> }> => {
    catalogue.invalidate();
    const journey = (await catalogue.journeys()).find((j) => j.journeyId === job.data.journeyId);
    const entry = journey?.version.definition.entry;
    if (!journey || journey.status !== 'PUBLISHED' || journey.version.versionId !== job.data.versionId || entry?.type !== 'schedule') {
      return { started: 0, skipped: { notLive: 1 } };
    }
    const firing = String(job.id)
      .replace(/[^A-Za-z0-9_.:-]/g, '_')
      .slice(-80);
    let started = 0;
    const skipped: Record<string, number> = {};
    let after = 0;
    for (;;) {
      const members: Array<{ customer_id: number; customer_no: string }> = await ds.query(
        `SELECT m.customer_id, c.customer_no FROM segment_membership m JOIN customer c ON c.id = m.customer_id
          WHERE m.segment_id = ? AND m.customer_id > ? ORDER BY m.customer_id LIMIT 2000`,
        [entry.segmentId, after],
      );
      if (members.length === 0) break;
      const r = await runtime.startFor(
        journey,
        members.map((m) => ({ customerId: Number(m.customer_id), customerNo: m.customer_no, entryKey: `c:${firing}:${m.customer_id}` })),
        'schedule',
        entry.segmentId,
      );
      started += r.started.size;
      for (const [k, n] of Object.entries(r.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
      after = Number(members[members.length - 1].customer_id);
    }
    if (entry.schedule.kind === 'once') await job.queue.client.set(firedKey(job.queue, journey.journeyId, journey.version.versionId), '1');
    logger.info({ journeyId: journey.journeyId, started, skipped }, 'journey schedule fired');
    return { started, skipped };
  };
}
