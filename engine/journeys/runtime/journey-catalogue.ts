import { parseJourneyDefinition, type JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import type { SegmentNode } from '../../definitions/segment/segment-definition.schema.js';
import { loadPublishedSegments } from '../../segments/published-segments.js';
import { planSegment, planNeeds, mergeNeeds, type PlanNeeds, type SegmentPlan } from '../../segments/segment-plan.js';
import { jsonColumn } from '../../segments/json-column.util.js';
import type { Queryable } from '../../segments/customer-facts.js';

/** One immutable published version, parsed once. */
export interface JourneyVersion {
  journeyId: number;
  versionId: number;
  version: number;
  definition: JourneyDefinition;
  /** The condition blocks' segment conditions, by block id (planned per batch: their windows are relative to now). */
  conditions: Map<string, SegmentNode>;
}

/** A journey as the router sees it: its lifecycle status and the version new instances enter. */
export interface RoutedJourney {
  journeyId: number;
  status: 'PUBLISHED' | 'PAUSED';
  version: JourneyVersion;
}

export class JourneyDefinitionBroken extends Error {}

/**
 * Published journeys and their versions, read from MariaDB. Versions are
 * immutable, so they are cached for the life of the process; which journeys
 * are live (and their current version) is re-read after `ttlMs` or at once
 * after `invalidate()` (the lifecycle service calls it), so another process
 * publishing or pausing is seen within `ttlMs`.
 */
export class JourneyCatalogue {
  private versions = new Map<number, JourneyVersion>();
  private live: { at: number; journeys: RoutedJourney[] } | null = null;
  private loading: Promise<RoutedJourney[]> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 2000,
  ) {}

  invalidate(): void {
    this.live = null;
  }

  /** Every PUBLISHED or PAUSED journey with its current version. */
  async journeys(now = Date.now()): Promise<RoutedJourney[]> {
    if (this.live && now - this.live.at < this.ttlMs) return this.live.journeys;
    this.loading ??= this.loadLive().finally(() => {
      this.loading = null;
    });
    const journeys = await this.loading;
    this.live = { at: now, journeys };
    return journeys;
  }

  async version(versionId: number): Promise<JourneyVersion> {
    const known = this.versions.get(versionId);
    if (known) return known;
    const rows: Array<{ id: number; journey_id: number; version: number; definition: unknown }> = await this.db.query(
      'SELECT id, journey_id, version, definition FROM journey_version WHERE id = ?',
      [versionId],
    );
    if (!rows[0]) throw new JourneyDefinitionBroken(`journey version ${versionId} does not exist`);
    return this.remember(rows[0]);
  }

  private async loadLive(): Promise<RoutedJourney[]> {
    const rows: Array<{ id: number; status: 'PUBLISHED' | 'PAUSED'; version_id: number; journey_id: number; version: number; definition: unknown }> = await this.db.query(
      `SELECT j.id, j.status, v.id AS version_id, v.journey_id, v.version, v.definition
         FROM journey j JOIN journey_version v ON v.id = j.published_version_id
        WHERE j.status IN ('PUBLISHED','PAUSED')`,
    );
    return rows.map((r) => ({ journeyId: Number(r.id), status: r.status, version: this.versions.get(Number(r.version_id)) ?? this.remember({ ...r, id: r.version_id }) }));
  }

  private remember(r: { id: number; journey_id: number; version: number; definition: unknown }): JourneyVersion {
    // Validated when published; parsing again applies defaults and refuses a hand-edited row loudly.
    const parsed = parseJourneyDefinition(jsonColumn(r.definition));
    if (!parsed.ok) throw new JourneyDefinitionBroken(`journey version ${r.id}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const conditions = new Map<string, SegmentNode>();
    for (const n of parsed.definition.nodes) if (n.type === 'condition') conditions.set(n.id, n.condition);
    const v: JourneyVersion = { journeyId: Number(r.journey_id), versionId: Number(r.id), version: Number(r.version), definition: parsed.definition, conditions };
    this.versions.set(v.versionId, v);
    return v;
  }
}

/** The condition blocks of several versions planned for `now`, and the facts they need. */
export interface PlannedConditions {
  plans: Map<string, SegmentPlan | null>;
  needs: PlanNeeds | null;
}

export const conditionKey = (versionId: number, nodeId: string) => `${versionId}:${nodeId}`;

/**
 * Plans the condition blocks (relative windows resolved against `now`,
 * segment references inlined from their published definitions). A condition
 * that cannot be planned (a referenced segment archived since publication)
 * plans as null and evaluates false: the customer takes the `onFalse` exit.
 */
export async function planConditions(db: Queryable, versions: JourneyVersion[], now: Date): Promise<PlannedConditions> {
  const plans = new Map<string, SegmentPlan | null>();
  const withConditions = versions.filter((v) => v.conditions.size > 0);
  if (withConditions.length === 0) return { plans, needs: null };
  const published = await loadPublishedSegments(db);
  const resolveSegment = (id: number) => published.get(id)?.definition;
  const needs: PlanNeeds[] = [];
  for (const v of withConditions) {
    for (const [nodeId, root] of v.conditions) {
      const r = planSegment({ schemaVersion: 1, root }, { now, resolveSegment });
      plans.set(conditionKey(v.versionId, nodeId), r.ok ? r.plan : null);
      if (r.ok) needs.push(planNeeds(r.plan));
    }
  }
  return { plans, needs: mergeNeeds(needs) };
}
