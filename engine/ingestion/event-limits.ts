import type { CustomerEvent } from '../definitions/customer-event.schema.js';

/**
 * Sanity limits of an ingested event (INGEST_* configuration). They keep
 * junk out of the facts segments are computed from: an event dated in 2099
 * would count as "in the last 30 days" for decades, one dated 1900 is a
 * channel bug, and an unbounded property bag fills the table and slows every
 * event condition that reads it.
 */
export interface EventLimits {
  /** How far after its reception an event may say it happened (clocks drift). */
  maxFutureMinutes: number;
  /** Nothing the bank records happened before this instant. */
  earliestOccurredAt: Date;
  /** Top-level keys of `properties`. */
  maxProperties: number;
  /** `properties` serialized as JSON, in bytes (UTF-8). */
  maxPropertiesBytes: number;
}

export const defaultEventLimits: EventLimits = Object.freeze({
  maxFutureMinutes: 10,
  earliestOccurredAt: new Date('1962-01-01T00:00:00Z'),
  maxProperties: 50,
  maxPropertiesBytes: 16_384,
});

/** The first limit the event breaks, as a reason for the DLQ; null if it is within all of them. */
export function checkEventLimits(event: CustomerEvent, limits: EventLimits, receivedAt: Date): string | null {
  const latest = receivedAt.getTime() + limits.maxFutureMinutes * 60_000;
  if (event.occurredAt.getTime() > latest) {
    return `occurredAt: ${event.occurredAt.toISOString()} is more than ${limits.maxFutureMinutes} minutes after the event was received (${receivedAt.toISOString()})`;
  }
  if (event.occurredAt.getTime() < limits.earliestOccurredAt.getTime()) {
    return `occurredAt: ${event.occurredAt.toISOString()} is before the earliest accepted date ${limits.earliestOccurredAt.toISOString().slice(0, 10)}`;
  }
  const count = Object.keys(event.properties).length;
  if (count > limits.maxProperties) return `properties: ${count} properties, at most ${limits.maxProperties} allowed`;
  const bytes = Buffer.byteLength(JSON.stringify(event.properties), 'utf8');
  if (bytes > limits.maxPropertiesBytes) return `properties: ${bytes} bytes as JSON, at most ${limits.maxPropertiesBytes} allowed`;
  return null;
}
