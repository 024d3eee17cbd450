import { z } from 'zod';

/**
 * An identifier sent by a channel system, compared exactly (binary) from here
 * to the database: `abc`, `ABC` and `ábc` are different ids. Nothing is
 * trimmed or case-folded, because that would merge two ids; an id that
 * begins or ends with whitespace, or holds control characters, is refused
 * instead, with the reason. Length counts characters (code points), as the
 * database's VARCHAR does.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const identifier = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .refine((s) => [...s].length <= max, `at most ${max} characters`)
    // A lone surrogate (JSON allows "\ud800") would reach the database as U+FFFD, so two different ids would become one.
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (no lone surrogate)')
    .refine((s) => s === s.trim(), 'must not begin or end with whitespace (ids are compared exactly, never trimmed)')
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'must not contain control characters');

/**
 * An event from a channel system on `customer-events` (docs/domain-notes.md,
 * README "Architecture"). Shared by ingestion, tests and later evaluators.
 * The shape only; the configurable sanity limits (time window, number and
 * size of properties) are checked by engine/ingestion/event-limits.ts.
 */
export const customerEventSchema = z.object({
  eventId: identifier(100),
  customerNo: identifier(20),
  type: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64'),
  occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  properties: z.record(z.string(), z.unknown()).default({}),
});

export type CustomerEvent = z.output<typeof customerEventSchema>;
