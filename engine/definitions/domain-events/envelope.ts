import { z } from 'zod';

/**
 * The envelope every domain event shares, and the small id schemas the
 * per-domain catalogues build their payloads from.
 *
 * PERSONAL DATA RULE: a domain event carries ids, versions, codes and
 * counts, never a copy of an entity and never personal data: no names, birth
 * dates, contact details (mobile, e-mail, address), resident registration
 * numbers, free-text notes or reasons, rendered message text, or staff
 * e-mails. Events are copied into the outbox, Kafka and consumers' stores
 * that keep them for years and are outside anonymisation; a consumer that
 * needs such data reads it through the service that masks and audits it.
 * Payloads are strict objects (an unknown key is refused, so nothing rides
 * along unseen), and `personal-data.spec.ts` scans every key of every
 * schema in the catalogue for forbidden names.
 */

/** A database id (INT UNSIGNED AUTO_INCREMENT). */
export const positiveId = z
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);

/** A BIGINT UNSIGNED id, carried as decimal text (mysql2 returns BIGINTs as strings). */
export const bigId = z.string().regex(/^[1-9]\d{0,19}$/, 'a positive whole number as text');

/** A version number (1, 2, …) of a published, immutable version. */
export const versionNo = z.number().int().positive();

/** A camelCase code from a closed list kept in code (a field name, a node type, an error code). */
export const codeName = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a camelCase code, at most 64 characters');

/**
 * The customer number (customer.customer_no): the bank's external id and
 * the Kafka partition key, so one customer's events stay in order. Compared
 * exactly like every external id (never trimmed; no whitespace at the ends,
 * no control characters).
 */
export const customerNoSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(20, 'at most 20 characters')
  .refine((s) => s === s.trim(), 'must not begin or end with whitespace')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'must not contain control characters');

/**
 * Who caused the event. Staff by id only (their e-mail is personal data),
 * a system part by its component or job name (`segment-refresh`,
 * `ingestion`), a journey by journey id, a bank system by its service token id.
 */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), id: positiveId }),
  z.strictObject({ kind: z.literal('system'), id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a component or job name in kebab-case') }),
  z.strictObject({ kind: z.literal('journey'), id: positiveId }),
  z.strictObject({ kind: z.literal('serviceToken'), id: positiveId }),
]);
export type DomainEventActor = z.output<typeof actorSchema>;

/**
 * One event type: the envelope (`eventId` a UUID chosen by the writer,
 * `occurredAt` an ISO instant in UTC, `customerNo`, `actor`) around a strict
 * payload. Every event in today's catalogue concerns one customer, so
 * `customerNo` is required; `occurredAt` stays text so an event read back
 * from the outbox's JSON equals the one written.
 */
export function defineDomainEvent<const T extends string, P extends z.ZodRawShape>(type: T, payload: P) {
  return z.strictObject({
    eventId: z.uuid(),
    type: z.literal(type),
    occurredAt: z.iso.datetime(),
    customerNo: customerNoSchema,
    actor: actorSchema,
    payload: z.strictObject(payload),
  });
}
