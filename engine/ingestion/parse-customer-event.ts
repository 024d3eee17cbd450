import { customerEventSchema, type CustomerEvent } from '../definitions/customer-event.schema.js';
import { checkEventLimits, type EventLimits } from './event-limits.js';

export type ParseResult = { ok: true; event: CustomerEvent } | { ok: false; reason: string };

/**
 * Decodes one Kafka message value and checks it against the sanity limits;
 * says precisely what is wrong when it cannot be accepted. Pure: the time of
 * reception is passed in.
 */
export function parseCustomerEvent(value: Buffer | null, limits: EventLimits, receivedAt: Date): ParseResult {
  if (!value || value.length === 0) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  const parsed = customerEventSchema.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code === 'invalid_type' && i.message.includes('undefined') ? 'missing' : i.message}`)
      .join('; ');
    return { ok: false, reason };
  }
  const beyond = checkEventLimits(parsed.data, limits, receivedAt);
  if (beyond) return { ok: false, reason: beyond };
  return { ok: true, event: parsed.data };
}
