import { z } from 'zod';

/**
 * An event from a channel system on `customer-events` (ARCHITECTURE.md,
 * "How an event flows"). Shared by ingestion, tests and later evaluators.
 */
export const customerEventSchema = z.object({
  eventId: z.string().trim().min(1).max(100),
  customerNo: z.string().trim().min(1).max(20),
  type: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64'),
  occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  properties: z.record(z.string(), z.unknown()).default({}),
});

export type CustomerEvent = z.output<typeof customerEventSchema>;
