import { parseJourneyDefinition, type JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import type { JourneyProblem } from '../../engine/definitions/journey/journey-problems.js';
import { checkJourneyGraph } from './check-journey-graph.js';

export type JourneyValidation = { ok: true; definition: JourneyDefinition } | { ok: false; problems: JourneyProblem[] };

/**
 * Everything that decides whether a journey may be published, without I/O:
 * the schema first (each block's parameters), then, when it parses, the
 * graph. Whether referenced segments and templates exist, and whether a
 * webhook's host is allowed, needs the database and configuration and is the
 * service's to check.
 */
export function validateJourneyDefinition(input: unknown): JourneyValidation {
  const parsed = parseJourneyDefinition(input);
  if (!parsed.ok) return parsed;
  const problems = checkJourneyGraph(parsed.definition);
  return problems.length ? { ok: false, problems } : parsed;
}
