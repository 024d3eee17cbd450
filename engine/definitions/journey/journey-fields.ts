import { z } from 'zod';
import { eventPropertyFilterSchema } from '../segment/segment-condition.schema.js';
import { journeyIssue } from './journey-problems.js';

/**
 * Small field schemas shared by the entry, the blocks and the journey-level
 * settings. Event types and property filters are the segment ones, so an
 * event means the same thing in a segment and in a journey.
 */
export { eventPropertyFilterSchema, type EventPropertyFilter } from '../segment/segment-condition.schema.js';

/** The time zone of Korean customers and of batch schedules unless another is named. */
export const defaultTimeZone = 'Asia/Seoul';

/** A block id as the canvas makes them (React Flow node ids). */
export const nodeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a block id: letters, digits, _ and -, at most 64');

/**
 * One exit of a block: the id of the block it leads to, or null while it is
 * not connected yet. A draft with loose exits still parses, so the canvas can
 * save it; the graph checks (builder/journey) report every loose exit, and a
 * journey is published only when there are none.
 */
export const edgeSchema = nodeIdSchema.nullable().default(null);

export const eventTypeSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an event type: letters, digits and _ . : - only');

export const propertyFiltersSchema = z.array(eventPropertyFilterSchema).max(5, 'at most 5 property filters').default([]);

/** An instant with its offset, e.g. 2026-12-01T10:00:00+09:00: never ambiguous about the zone. */
export const dateTimeSchema = z.iso.datetime({ offset: true, error: 'a date and time with its offset, e.g. 2026-12-01T10:00:00+09:00' });

export const segmentIdSchema = z.number().int().positive('a segment id');

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name the runtime can compute with. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .superRefine((zone, ctx) => {
    if (!isKnownTimeZone(zone)) ctx.addIssue(journeyIssue([], 'timeZoneUnknown', { timeZone: zone }));
  });

/** An optional name the canvas shows on a block. */
export const labelSchema = z.string().trim().max(100, 'at most 100 characters').optional();
