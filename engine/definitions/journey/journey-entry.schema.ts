import { z } from 'zod';
import cronParser from 'cron-parser';
import { journeyIssue } from './journey-problems.js';
import { dateTimeSchema, defaultTimeZone, eventTypeSchema, propertyFiltersSchema, segmentIdSchema, timeZoneSchema } from './journey-fields.js';

/**
 * How customers enter a journey, and whether they may enter it again.
 *
 * - `event`: a stored customer event of this type whose properties pass every filter;
 * - `segmentEntered` / `segmentExited`: a transition of the segment's published membership;
 * - `schedule`: every member of a segment at a moment (a batch campaign), once or on a cron schedule;
 * - `api`: a bank system calls the JSON API for one customer (authentication and scope are the API's).
 */

/**
 * A five-field cron expression (minute hour day-of-month month weekday), read
 * by cron-parser in the schedule's time zone. Seconds are not offered: a
 * batch over a segment never needs them.
 */
export const cronSchema = z
  .string()
  .trim()
  .max(100)
  .superRefine((cron, ctx) => {
    if (cron.split(/\s+/).length !== 5) return ctx.addIssue(journeyIssue([], 'cronFormat'));
    try {
      cronParser.parseExpression(cron, { tz: defaultTimeZone });
    } catch (e) {
      ctx.addIssue(journeyIssue([], 'cronInvalid', { reason: e instanceof Error ? e.message : String(e) }));
    }
  });

export const journeyScheduleSchema = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('once'), at: dateTimeSchema }), z.object({ kind: z.literal('recurring'), cron: cronSchema, timeZone: timeZoneSchema.default(defaultTimeZone) })],
  'a schedule: once at a date and time, or recurring',
);

export const eventEntrySchema = z.object({
  type: z.literal('event'),
  eventType: eventTypeSchema,
  where: propertyFiltersSchema,
});

export const segmentEnteredEntrySchema = z.object({ type: z.literal('segmentEntered'), segmentId: segmentIdSchema });
export const segmentExitedEntrySchema = z.object({ type: z.literal('segmentExited'), segmentId: segmentIdSchema });

export const scheduleEntrySchema = z.object({
  type: z.literal('schedule'),
  /** Everyone in the segment's published membership when the schedule fires. */
  segmentId: segmentIdSchema,
  schedule: journeyScheduleSchema,
});

export const apiEntrySchema = z.object({ type: z.literal('api') });

export const journeyEntrySchema = z.discriminatedUnion('type', [eventEntrySchema, segmentEnteredEntrySchema, segmentExitedEntrySchema, scheduleEntrySchema, apiEntrySchema]);

/**
 * Whether a customer who entered before may enter again: `once` ever,
 * `afterDays` N days after their previous entry, or `always`.
 *
 * Whatever the rule, a customer never has two active instances of one
 * journey: an entry while an instance is still running is skipped (and
 * counted). That is enforced by the runtime (a unique active instance per
 * journey and customer), not by this schema.
 */
export const journeyReEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }),
  z.object({ kind: z.literal('afterDays'), days: z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days') }),
  z.object({ kind: z.literal('always') }),
]);

export type JourneySchedule = z.output<typeof journeyScheduleSchema>;
export type JourneyEntry = z.output<typeof journeyEntrySchema>;
export type JourneyEntryType = JourneyEntry['type'];
export type JourneyReEntry = z.output<typeof journeyReEntrySchema>;
