import { z } from 'zod';
import { journeyEntrySchema, journeyReEntrySchema, type JourneyEntry, type JourneyReEntry } from './journey-entry.schema.js';
import { journeyNodeSchema, type JourneyNode } from './journey-node.schema.js';
import { journeyProblemOfIssue, type JourneyProblem } from './journey-problems.js';
import { eventTypeSchema, propertyFiltersSchema, segmentIdSchema, type EventPropertyFilter } from './journey-fields.js';

/**
 * A journey definition, version 1: how customers enter, whether they may
 * enter again, the blocks they pass through, and what ends an instance early
 * (its goal, its exit conditions, its maximum duration).
 *
 * The canvas saves it, the graph checks (builder/journey) judge it, the
 * interpreter steps through it, and a published version stores it unchanged
 * forever: instances keep the version they entered with. A breaking change
 * gets version 2 and a migration function, never an edit of this one.
 */

export const maxJourneyNodes = 200;

/**
 * Conversion: an event of this type passing the filters, within `withinDays`
 * of the customer's entry, ends the instance as converted wherever it waits.
 */
export const journeyGoalSchema = z.object({
  eventType: eventTypeSchema,
  where: propertyFiltersSchema,
  withinDays: z.number().int().min(1, 'at least 1 day').max(366, 'at most 366 days'),
});

/** What ends an instance early, wherever it waits: an event of the customer, or their leaving a segment. */
export const journeyExitConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), eventType: eventTypeSchema, where: propertyFiltersSchema }),
  z.object({ type: z.literal('segmentExited'), segmentId: segmentIdSchema }),
]);

export const journeyDefinitionSchema = z.object({
  version: z.literal(1, 'version must be 1'),
  entry: journeyEntrySchema,
  reEntry: journeyReEntrySchema.default({ kind: 'once' }),
  goal: journeyGoalSchema.optional(),
  exitWhen: z.array(journeyExitConditionSchema).max(10, 'at most 10 exit conditions').default([]),
  /** No instance lives longer than this, counted from its entry; then it exits with that reason. */
  maxDurationDays: z.number().int().min(1, 'at least 1 day').max(366, 'at most 366 days').default(90),
  nodes: z.array(journeyNodeSchema).min(1, 'a journey needs at least a start block').max(maxJourneyNodes, `at most ${maxJourneyNodes} blocks`),
});

export type JourneyGoal = z.output<typeof journeyGoalSchema>;
export type JourneyExitCondition = z.output<typeof journeyExitConditionSchema>;

export interface JourneyDefinition {
  version: 1;
  entry: JourneyEntry;
  reEntry: JourneyReEntry;
  goal?: JourneyGoal;
  exitWhen: JourneyExitCondition[];
  maxDurationDays: number;
  nodes: JourneyNode[];
}
/** What a definition may look like before defaults are applied (what the canvas and the seed write). */
export type JourneyDefinitionInput = z.input<typeof journeyDefinitionSchema>;

// The hand-written shape and the schema's output must agree both ways.
type SchemaDefinition = z.output<typeof journeyDefinitionSchema>;
const _sameDefinition: [SchemaDefinition, JourneyDefinition] extends [JourneyDefinition, SchemaDefinition] ? true : never = true;
void _sameDefinition;

export type { EventPropertyFilter };

/** The id of the block a path such as ["nodes", 3, "timeout"] lies in, when the input names one. */
function nodeIdAt(input: unknown, path: PropertyKey[]): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  const nodes = (input as { nodes?: unknown } | null)?.nodes;
  const id = Array.isArray(nodes) ? (nodes[path[1]] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Parses untrusted input; problems come back as data, each with its path and, inside a block, the block's id. */
export function parseJourneyDefinition(input: unknown): { ok: true; definition: JourneyDefinition } | { ok: false; problems: JourneyProblem[] } {
  const r = journeyDefinitionSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, definition: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((issue) => {
      const nodeId = nodeIdAt(input, issue.path);
      const problem: JourneyProblem = { path: issue.path.map(String).join('.') || '(definition)', ...journeyProblemOfIssue(issue) };
      return nodeId === undefined ? problem : { ...problem, nodeId };
    }),
  };
}
