import type { z } from 'zod';
import { domainEventUnion, type DomainEvent } from './domain-event.schema.js';

/** One problem with an event, at a dotted path (`payload.segmentId`, `actor.kind`; `(event)` for the whole). */
export interface DomainEventProblem {
  path: string;
  message: string;
}

export type ParsedDomainEvent = { ok: true; event: DomainEvent } | { ok: false; errors: DomainEventProblem[] };

/** Parses anything (a row's JSON, a Kafka value) into a typed domain event, or says what is wrong where. */
export function parseDomainEvent(input: unknown): ParsedDomainEvent {
  const r = domainEventUnion.safeParse(input);
  if (r.success) return { ok: true, event: r.data };
  return { ok: false, errors: problemsOf(r.error) };
}

/** The issues of a zod error as path-naming problems. */
export function problemsOf(error: z.ZodError): DomainEventProblem[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(event)',
    message: i.code === 'invalid_union' && i.path.join('.') === 'type' ? 'unknown event type (not in the catalogue)' : i.message,
  }));
}

/** The problems as one line: `payload.segmentId: Invalid input: expected number, received string; actor: …`. */
export function describeProblems(problems: DomainEventProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}
