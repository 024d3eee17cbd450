import { parseJourneyDefinition, type JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import { validateJourneyDefinition } from '../../../builder/journey/validate-journey-definition.js';
import { newInstanceState } from './instance-state.js';
import type { JourneyEventInput, StepContext } from './journey-step.types.js';

/** Shared by the interpreter's specs: definitions as the canvas writes them, a clock, a context. */

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
/** Tuesday 1 December 2026, 09:00 in Seoul. */
export const t0 = Date.parse('2026-12-01T09:00:00+09:00');

/** A published journey: the schema and the graph checks must accept it. */
export function journey(nodes: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): JourneyDefinition {
  const r = validateJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.definition;
}

/** A draft: the schema accepts it, the graph checks would not (loose exits, loops without a wait). */
export function draft(nodes: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): JourneyDefinition {
  const r = parseJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  if (validateJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes, ...extra }).ok) throw new Error('not a draft: it would publish');
  return r.definition;
}

export function context(conditions: Record<string, boolean> = {}, holidays: string[] = []): StepContext {
  return { conditionHolds: (id) => conditions[id] ?? false, isHoliday: (d) => holidays.includes(d) };
}

export const fresh = (enteredAt = t0, customerNo = 'C0001', timeZone = 'Asia/Seoul') => newInstanceState({ customerNo, timeZone, enteredAt });

export const customerEvent = (type: string, occurredAt: number, properties: Record<string, unknown> = {}, id = `ev-${type}-${occurredAt}`): JourneyEventInput => ({
  id,
  type,
  occurredAt,
  properties,
});

export const start = (next: string | null) => ({ id: 'start', type: 'start', next });
export const send = (id: string, next: string | null, templateId = 1) => ({ id, type: 'sendMessage', channel: 'sms', templateId, next });
export const exit = (id = 'done') => ({ id, type: 'exit' });
export const goal = (id = 'won') => ({ id, type: 'goal' });
export const pause = (id: string, duration: string, next: string | null) => ({ id, type: 'waitDuration', duration, next });
export const waitFor = (id: string, eventType: string, timeout: string, onEvent: string | null, onTimeout: string | null, where: unknown[] = []) => ({
  id,
  type: 'waitForEvent',
  eventType,
  where,
  timeout,
  onEvent,
  onTimeout,
});
export const condition = (id: string, onTrue: string | null, onFalse: string | null) => ({ id, type: 'condition', condition: { type: 'segment', segmentId: 1 }, onTrue, onFalse });
