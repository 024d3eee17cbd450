import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { parseJourneyDefinition, type JourneyDefinitionInput } from '../../engine/definitions/journey/journey-definition.schema.js';
import { validateJourneyDefinition } from '../../builder/journey/validate-journey-definition.js';
import type { StoredCustomerEvent } from '../../engine/journeys/runtime/journey-runtime.js';
import { stamp } from './unique.js';

/**
 * Publishes a journey straight into the tables (the lifecycle service has
 * its own tests): the definition must pass the graph checks, as publishing
 * requires. Returns the journey and version ids.
 */
export async function publishJourneyRows(ds: DataSource, definition: JourneyDefinitionInput, name = `journey-${stamp()}`): Promise<{ journeyId: number; versionId: number }> {
  const checked = validateJourneyDefinition(definition);
  if (!checked.ok) throw new Error(`test journey invalid: ${JSON.stringify(checked.problems)}`);
  const parsed = parseJourneyDefinition(definition);
  if (!parsed.ok) throw new Error('unreachable');
  const entry = parsed.definition.entry;
  const j = await ds.query("INSERT INTO journey (name, status, draft_definition) VALUES (?, 'DRAFT', ?)", [name, JSON.stringify(definition)]);
  const journeyId = Number(j.insertId);
  return { journeyId, versionId: await publishVersionRows(ds, journeyId, definition, entry) };
}

/** Publishes the next version of an existing journey (running instances keep theirs). */
export async function publishVersionRows(ds: DataSource, journeyId: number, definition: JourneyDefinitionInput, entry = parseOrThrow(definition).entry): Promise<number> {
  const [{ next }] = await ds.query('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM journey_version WHERE journey_id = ?', [journeyId]);
  const v = await ds.query('INSERT INTO journey_version (journey_id, version, definition, published_at) VALUES (?, ?, ?, NOW(3))', [
    journeyId,
    Number(next),
    JSON.stringify(definition),
  ]);
  const versionId = Number(v.insertId);
  await ds.query(
    `UPDATE journey SET status = 'PUBLISHED', published_version_id = ?, published_version = ?, entry_type = ?, entry_event_type = ?, entry_segment_id = ? WHERE id = ?`,
    [versionId, Number(next), entry.type, entry.type === 'event' ? entry.eventType : null, 'segmentId' in entry ? entry.segmentId : null, journeyId],
  );
  return versionId;
}

function parseOrThrow(definition: JourneyDefinitionInput) {
  const parsed = parseJourneyDefinition(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition;
}

export async function addJourneyCustomer(ds: DataSource, extra: { region?: string; tags?: string } = {}): Promise<{ id: number; customerNo: string }> {
  const customerNo = `J${stamp()}`;
  const r = await ds.query("INSERT INTO customer (customer_no, name, status, region, risk_grade, tags) VALUES (?, '여정고객', 'ACTIVE', ?, 'LOW', ?)", [
    customerNo,
    extra.region ?? 'SEOUL',
    extra.tags ?? '',
  ]);
  return { id: Number(r.insertId), customerNo };
}

/** A customer event as ingestion stores it (the row too, so webhooks and conditions can read it). */
export async function storedEvent(
  ds: DataSource,
  c: { id: number; customerNo: string },
  type: string,
  at: Date,
  properties: Record<string, unknown> = {},
): Promise<StoredCustomerEvent> {
  const eventId = randomUUID();
  await ds.query('INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    eventId,
    c.id,
    c.customerNo,
    type,
    at,
    JSON.stringify(properties),
    at,
    'test',
  ]);
  return { eventId, customerId: c.id, customerNo: c.customerNo, type, occurredAt: at, properties };
}

/** Polls until `probe` returns a value that is not undefined (a condition, never a fixed sleep). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
