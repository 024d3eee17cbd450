import { z } from 'zod';
import { durationSchema } from './journey-duration.js';
import { journeyIssue } from './journey-problems.js';
import { dateTimeSchema, edgeSchema, eventTypeSchema, labelSchema, nodeIdSchema, propertyFiltersSchema, timeZoneSchema } from './journey-fields.js';

/**
 * The blocks that hold a customer until something happens. Every wait is
 * durable (its due time lives in the database); what these schemas say is
 * only *until when*.
 */

export const weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof weekdays)[number];

const timeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

/** Wait a fixed elapsed time, then continue. */
export const waitDurationNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('waitDuration'),
  label: labelSchema,
  duration: durationSchema,
  next: edgeSchema,
});

/**
 * Wait until an absolute moment, or until a time-of-day window opens.
 *
 * `window`: the customer continues at the first moment, at or after arriving,
 * that lies in [from, to) on one of `weekdays`, in `timeZone` (`customer`:
 * the customer's own zone, Asia/Seoul when unknown). Without `to` the window
 * is the single minute `from`. With `nextBusinessDay` the customer waits at
 * least until the next Korean business day (not a weekend, not a public
 * holiday; the runtime's holiday calendar decides) and continues in the
 * window of that day or of the first allowed day after it.
 *
 * An absolute moment already past, or a window already open, lets the
 * customer through at once, so a wait-until does not break a loop.
 */
export const waitUntilSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('dateTime'), at: dateTimeSchema }),
    z
      .object({
        kind: z.literal('window'),
        from: timeOfDay,
        to: timeOfDay.optional(),
        weekdays: z
          .array(z.enum(weekdays))
          .min(1, 'choose at least one day')
          .max(7)
          .default([...weekdays]),
        nextBusinessDay: z.boolean().default(false),
        timeZone: z.union([z.literal('customer'), timeZoneSchema]).default('customer'),
      })
      .superRefine((w, ctx) => {
        if (w.to !== undefined && w.to <= w.from) ctx.addIssue(journeyIssue(['to'], 'windowEndsBeforeStart', { from: w.from, to: w.to }));
        if (w.nextBusinessDay && !w.weekdays.some((d) => d !== 'SAT' && d !== 'SUN')) ctx.addIssue(journeyIssue(['weekdays'], 'noBusinessWeekday'));
      }),
  ],
  'until a date and time, or a time-of-day window',
);

export const waitUntilNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('waitUntil'),
  label: labelSchema,
  until: waitUntilSchema,
  next: edgeSchema,
});

/**
 * Wait for an event of the same customer (arriving after they reached this
 * block) that passes the filters: `onEvent` when it comes, `onTimeout` when
 * `timeout` passes first. The timeout is required, so no customer waits
 * forever. An event and the timeout at the same instant are decided once,
 * by the runtime.
 */
export const waitForEventNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('waitForEvent'),
  label: labelSchema,
  eventType: eventTypeSchema,
  where: propertyFiltersSchema,
  timeout: durationSchema,
  onEvent: edgeSchema,
  onTimeout: edgeSchema,
});

export type WaitUntil = z.output<typeof waitUntilSchema>;
export type WaitDurationNode = z.output<typeof waitDurationNodeSchema>;
export type WaitUntilNode = z.output<typeof waitUntilNodeSchema>;
export type WaitForEventNode = z.output<typeof waitForEventNodeSchema>;
