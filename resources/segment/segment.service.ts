import type { DataSource } from 'typeorm';
import { Segment } from './segment.entity.js';
import { SegmentVersion } from './segment-version.entity.js';
import { writeAudit } from '../audit/audit-writer.js';
import { currentActor } from '../../engine/context/request-context.js';
import { parseSegmentDefinition, type SegmentDefinition } from '../../engine/definitions/segment/segment-definition.schema.js';
import { problemOfIssue, segmentProblem, type ProblemText } from '../../engine/definitions/segment/segment-problems.js';
import { compileSegmentGraph } from '../../builder/segment/compile-segment-graph.js';
import { segmentGraphSchema, type SegmentGraph } from '../../builder/segment/segment-graph.js';
import { planSegment, type SegmentPlan } from '../../engine/segments/segment-plan.js';
import { loadPublishedSegments } from '../../engine/segments/published-segments.js';
import { countOnly, liveCount, type LiveCount } from '../../engine/segments/live-count.js';
import { dependentSegmentIds, refreshAllSegments, refreshSegment, refreshSegmentWithin, type RefreshResult } from '../../engine/segments/membership-refresh.js';
import {
  exactCounts,
  identifiersNextToMasked,
  maskedConditionContexts,
  maskedKeysTested,
  sampleAllowed,
  shownCount,
  type CountDisclosure,
} from '../../engine/segments/count-disclosure.js';
import { describeDefinition } from '../../engine/segments/describe-definition.js';
import { configureMinAudience, configuredMinimumAudience } from './count-disclosure-for.js';
import { jsonColumn } from '../../engine/segments/json-column.util.js';
import { applyRealtimeMembership } from '../../engine/segments/membership-realtime.js';
import { duplicateKeyOf, fail, type WriteResult } from '../shared/write-result.js';
import { fieldErrorsOf } from '../shared/field-errors.js';
import { fieldError, t } from '../shared/bilingual.js';
import { segmentInputSchema } from './segment-input.schema.js';
import { noOutboxKick, type OutboxKick } from '../../engine/outbox/outbox-kick.js';

/** A problem with what the user sent, attached to a canvas node or a definition path where possible. */
export interface SegmentProblem extends ProblemText {
  nodeId?: string;
  path?: string;
}

export type SegmentOutcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; errors: SegmentProblem[] };

/**
 * A live count as the viewer may see it: `count` is null with `fewerThan`
 * when it is below the minimum audience for a role that sees customers
 * masked; `sampleWithheld` when sample rows would reveal a masked field.
 */
export type PreviewAnswer = LiveCount & { fewerThan?: number; sampleWithheld?: boolean };

/** Member counts of a publication; null = fewer than `fewerThan` (roles that see customers masked). */
export interface PublishAnswer {
  version: number;
  memberCount: number | null;
  entered: number | null;
  exited: number | null;
  fewerThan?: number;
}

const noDeletePublished = t(
  '게시된 적이 있는 세그먼트는 이력 보존을 위해 삭제할 수 없습니다. 보관 처리하세요',
  'A segment that was ever published cannot be deleted (its history is kept); archive it instead',
);

/** What one block keeps: a number, or null because it timed out, was refused (count rules 1–2) or is below `fewerThan`. */
export interface BlockCount {
  count: number | null;
  fewerThan?: number;
  timedOut?: boolean;
  refused?: boolean;
}
export interface BlockCountsAnswer {
  counts: Record<string, BlockCount>;
  elapsedMs: number;
}

/** One member as stored (masking per role is applied by the API). */
export interface MemberRow {
  id: number;
  customerNo: string;
  name: string;
  birthDate: string | null;
  region: string | null;
  status: string;
  enteredAt: string;
}
export interface MembersAnswer {
  /** null: fewer than `fewerThan`. */
  total: number | null;
  fewerThan?: number;
  /** Why no rows are shown to this role: too few members, or the definition tests a field masked for it. */
  withheld?: 'fewerThan' | 'maskedField';
  page: number;
  perPage: number;
  pages: number;
  status: string;
  rows: MemberRow[];
}

const notFound = (id: number): SegmentOutcome<never> => ({ ok: false, status: 404, errors: [segmentProblem('segmentNotFound', { id })] });

/** Either a canvas graph or a bare definition (API users), as posted. */
export interface SegmentInput {
  graph?: unknown;
  definition?: unknown;
}

export interface SegmentServiceDeps {
  /** The domain-event relay: kicked after transitions (and their events) were committed. Default: none (the next relay's sweep sends them). */
  outbox?: OutboxKick;
  /** Where a failure after a committed publication is reported (recomputing the segments that include it). */
  logger?: { error(obj: object, msg: string): void };
}

/**
 * Segments: drafts edited on the canvas, immutable published versions,
 * live counts while editing and materialised membership after publishing.
 * Every write goes through here; the AdminJS actions and the JSON API are thin.
 * Membership changes are written with their segment.entered / segment.exited
 * domain events (engine/outbox), then the relay is kicked.
 */
export class SegmentService {
  private readonly outbox: OutboxKick;
  private readonly logger: { error(obj: object, msg: string): void };

  constructor(
    private readonly ds: DataSource,
    private readonly countTimeoutMs = 3000,
    deps: SegmentServiceDeps = {},
  ) {
    this.outbox = deps.outbox ?? noOutboxKick;
    this.logger = deps.logger ?? { error: () => undefined };
  }

  /** SEGMENT_MIN_AUDIENCE: below it, roles that see customers masked get "fewer than N" (set by the platform). */
  get minAudience(): number {
    return configuredMinimumAudience();
  }
  set minAudience(n: number) {
    configureMinAudience(n);
  }

  /**
   * Rules 1 and 2 of engine/segments/count-disclosure.ts for a viewer who sees
   * some fields masked: refuses a definition whose count could single out one
   * customer's masked value. Reads only counts that do not depend on masked data.
   */
  private async countGuard(plan: SegmentPlan, d: CountDisclosure): Promise<{ ok: true } | { ok: false; errors: SegmentProblem[] } | { ok: 'timedOut' }> {
    if (d.kind === 'exact') return { ok: true };
    const masked = maskedKeysTested(plan, d).join(', ');
    const identifiers = identifiersNextToMasked(plan, d);
    if (identifiers.length > 0) {
      return { ok: false, errors: [{ path: 'definition.root', ...segmentProblem('maskedWithIdentifier', { masked, identifiers: identifiers.join(', ') }) }] };
    }
    for (const context of maskedConditionContexts(plan, d)) {
      const n = await countOnly(this.ds, context, this.countTimeoutMs);
      if (n === null) return { ok: 'timedOut' };
      if (n < d.minAudience) return { ok: false, errors: [{ path: 'definition.root', ...segmentProblem('maskedConditionNarrow', { masked, min: d.minAudience }) }] };
    }
    return { ok: true };
  }

  /** Compiles what was posted into a valid definition, or problems as data. */
  compile(input: SegmentInput): { ok: true; definition: SegmentDefinition; graph: SegmentGraph | null } | { ok: false; errors: SegmentProblem[] } {
    if (input.graph !== undefined && input.graph !== null) {
      const graph = parseGraph(input.graph);
      return graph.ok ? compileGraph(graph.graph) : graph;
    }
    if (input.definition === undefined) return { ok: false, errors: [segmentProblem('graphOrDefinition')] };
    const parsed = parseSegmentDefinition(input.definition);
    if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ ...e, path: `definition.${e.path}` })) };
    return { ok: true, definition: parsed.definition, graph: null };
  }

  /**
   * Plans a definition against the current published segments. When it
   * belongs to segment `selfId`, references back to that segment are
   * resolved to this very definition, so a cycle through it is caught.
   */
  async plan(definition: SegmentDefinition, selfId: number | null, now: Date): Promise<{ ok: true; plan: SegmentPlan } | { ok: false; errors: SegmentProblem[] }> {
    const published = await loadPublishedSegments(this.ds);
    const resolveSegment = (id: number) => (id === selfId ? definition : published.get(id)?.definition);
    const r = planSegment(definition, { now, resolveSegment });
    return r.ok ? r : { ok: false, errors: r.errors.map((e) => ({ ...e, path: `definition.${e.path}` })) };
  }

  /**
   * The live count and sample of what is on the canvas, as `disclosure`
   * allows (exact for roles that may unmask). Every answer — sample shown,
   * coarsened or refused — is written to the access log as `segment.preview`.
   */
  async preview(input: SegmentInput & { segmentId?: number | null }, now: Date, disclosure: CountDisclosure = exactCounts): Promise<SegmentOutcome<PreviewAnswer>> {
    const compiled = this.compile(input);
    if (!compiled.ok) return { ok: false, status: 400, errors: compiled.errors };
    const planned = await this.plan(compiled.definition, input.segmentId ?? null, now);
    if (!planned.ok) return { ok: false, status: 400, errors: planned.errors };
    const plan = planned.plan;
    const t0 = Date.now();
    const audit = (outcome: string) =>
      writeAudit(
        this.ds.manager,
        {
          action: 'segment.preview',
          resource: 'Segment',
          recordId: input.segmentId ?? null,
          detail: `${outcome}; ${describeDefinition(compiled.definition)}`,
        },
        now,
      );
    const guard = await this.countGuard(plan, disclosure);
    if (guard.ok === 'timedOut') {
      await audit('0 shown; check timed out');
      return { ok: true, count: null, exact: false, timedOut: true, elapsedMs: Date.now() - t0, sample: [] };
    }
    if (!guard.ok) {
      await audit(`0 shown; refused (${guard.errors.map((e) => e.code).join(', ')})`);
      return { ok: false, status: 400, errors: guard.errors };
    }
    const live = await liveCount(this.ds, plan, { timeoutMs: this.countTimeoutMs, sampleSize: 5 });
    const answer = disclose(live, plan, disclosure);
    const counted = answer.timedOut ? 'timed out' : answer.count === null ? `fewer than ${answer.fewerThan}` : `count ${answer.count}`;
    await audit(`${answer.sample.length} shown; ${counted}`);
    return { ok: true, ...answer };
  }

  /**
   * How many customers each block of the canvas keeps on its own (the
   * block's subtree as if it fed the audience), with the live count's SQL
   * evaluator and time budget: one budget for all blocks, root first, so a
   * slow definition costs at most about one live count. Each block is
   * disclosed like the total (count-disclosure.ts): refused by rules 1 and 2,
   * coarsened by rule 3. One access-log line for the lot.
   */
  async blockCounts(input: { graph?: unknown; segmentId?: number | null }, now: Date, disclosure: CountDisclosure = exactCounts): Promise<SegmentOutcome<BlockCountsAnswer>> {
    const t0 = Date.now();
    const parsed = input.graph === undefined || input.graph === null ? { ok: false as const, errors: [segmentProblem('graphOrDefinition')] } : parseGraph(input.graph);
    if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
    const graph = parsed.graph;
    const whole = compileGraph(graph);
    if (!whole.ok) return { ok: false, status: 400, errors: whole.errors };
    const audience = graph.nodes.find((n) => n.type === 'audience')!;
    const childrenOf = new Map<string, string[]>();
    for (const e of graph.edges) childrenOf.set(e.target, [...(childrenOf.get(e.target) ?? []), e.source]);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const subtree = (id: string, out = new Set<string>()): Set<string> => {
      if (out.has(id)) return out;
      out.add(id);
      for (const c of childrenOf.get(id) ?? []) subtree(c, out);
      return out;
    };
    // Root first, breadth first: the blocks nearest the result get the budget first.
    const order: string[] = [];
    const queue = [...(childrenOf.get(audience.id) ?? [])];
    while (queue.length) {
      const id = queue.shift()!;
      if (order.includes(id)) continue;
      order.push(id);
      queue.push(...(childrenOf.get(id) ?? []));
    }
    const deadline = t0 + this.countTimeoutMs;
    const counts: Record<string, BlockCount> = {};
    for (const id of order) {
      const remaining = deadline - Date.now();
      if (remaining < 50) {
        counts[id] = { count: null, timedOut: true };
        continue;
      }
      const ids = subtree(id);
      const sub: SegmentGraph = {
        nodes: [...[...ids].map((x) => byId.get(x)!), audience],
        edges: [...graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)), { id: `count-${id}`, source: id, target: audience.id }],
      };
      const compiled = compileGraph(sub);
      if (!compiled.ok) continue;
      const planned = await this.plan(compiled.definition, input.segmentId ?? null, now);
      if (!planned.ok) continue;
      const guard = await this.countGuard(planned.plan, disclosure);
      if (guard.ok === 'timedOut') counts[id] = { count: null, timedOut: true };
      else if (!guard.ok) counts[id] = { count: null, refused: true };
      else {
        const n = await countOnly(this.ds, planned.plan, Math.min(this.countTimeoutMs, deadline - Date.now()));
        counts[id] =
          n === null
            ? { count: null, timedOut: true }
            : shownCount(n, disclosure) === null
              ? { count: null, fewerThan: (disclosure as { minAudience: number }).minAudience }
              : { count: n };
      }
    }
    const shown = Object.values(counts);
    await writeAudit(
      this.ds.manager,
      {
        action: 'segment.preview',
        resource: 'Segment',
        recordId: input.segmentId ?? null,
        detail: `block counts: ${shown.filter((c) => c.count !== null).length} of ${order.length} shown; ${describeDefinition(whole.definition)}`,
      },
      now,
    );
    return { ok: true, counts, elapsedMs: Date.now() - t0 };
  }

  /**
   * One page of a published segment's members (ordered by customer id), with
   * the total, as the viewer may see them. For a role that sees customers
   * masked (`guarded`) the count rules hold for the list too: below the
   * minimum audience neither rows nor the number are shown, and when the
   * definition tests a field masked for the role, no rows (being listed
   * would be that field's answer, person by person). Every look is in the
   * access log (segment.members), also a withheld one. Masking of names
   * and birth dates is the caller's (the API masks per role, as the
   * customer list does).
   */
  async members(id: number, page: number, perPage: number, now: Date, disclosure: CountDisclosure = exactCounts): Promise<SegmentOutcome<MembersAnswer>> {
    const segment = await this.ds.getRepository(Segment).findOneBy({ id });
    if (!segment) return notFound(id);
    const [{ n }]: Array<{ n: string }> = await this.ds.query('SELECT COUNT(*) AS n FROM segment_membership WHERE segment_id = ?', [id]);
    const total = Number(n);
    const pages = Math.max(1, Math.ceil(total / perPage));
    const at = Math.min(Math.max(1, page), pages);
    let withheld: MembersAnswer['withheld'];
    if (disclosure.kind === 'guarded') {
      if (shownCount(total, disclosure) === null) withheld = 'fewerThan';
      else if (segment.publishedVersionId) {
        const [v]: Array<{ definition: unknown }> = await this.ds.query('SELECT definition FROM segment_version WHERE id = ?', [segment.publishedVersionId]);
        const planned = v ? await this.plan(jsonColumn<SegmentDefinition>(v.definition), id, now) : null;
        // A definition that no longer plans (an included segment archived) is treated as testing anything.
        if (!planned?.ok || maskedKeysTested(planned.plan, disclosure).length > 0) withheld = 'maskedField';
      }
    }
    const rows: MemberRow[] = withheld
      ? []
      : (
          (await this.ds.query(
            `SELECT c.id, c.customer_no, c.name, DATE_FORMAT(c.birth_date, '%Y-%m-%d') AS birth_date, c.region, c.status, m.entered_at
             FROM segment_membership m JOIN customer c ON c.id = m.customer_id
             WHERE m.segment_id = ? ORDER BY m.customer_id LIMIT ? OFFSET ?`,
            [id, perPage, (at - 1) * perPage],
          )) as Array<{ id: number; customer_no: string; name: string; birth_date: string | null; region: string | null; status: string; entered_at: Date }>
        ).map((r) => ({
          id: Number(r.id),
          customerNo: r.customer_no,
          name: r.name,
          birthDate: r.birth_date,
          region: r.region,
          status: r.status,
          enteredAt: new Date(r.entered_at).toISOString(),
        }));
    const fewer = withheld === 'fewerThan';
    await writeAudit(
      this.ds.manager,
      {
        action: 'segment.members',
        resource: 'Segment',
        recordId: id,
        detail: `page ${at}; ${rows.length} shown; ${withheld ? `withheld (${withheld})` : `of ${total}`}`,
      },
      now,
    );
    return {
      ok: true,
      total: fewer ? null : total,
      ...(disclosure.kind === 'guarded' ? { fewerThan: disclosure.minAudience } : {}),
      ...(withheld ? { withheld } : {}),
      page: withheld ? 1 : at,
      perPage,
      pages: withheld ? 1 : pages,
      status: segment.status,
      rows,
    };
  }

  /** Saves the canvas as the draft, also when it does not compile yet; returns its problems. */
  async saveDraft(id: number, input: SegmentInput, now: Date): Promise<SegmentOutcome<{ errors: SegmentProblem[] }>> {
    const segment = await this.ds.getRepository(Segment).findOneBy({ id });
    if (!segment) return notFound(id);
    if (segment.status === 'ARCHIVED') return { ok: false, status: 409, errors: [segmentProblem('archivedNoEdit')] };
    // A draft keeps its canvas even when it does not compile yet; only a malformed graph is refused.
    const graph = input.graph === undefined || input.graph === null ? null : parseGraph(input.graph);
    if (graph && !graph.ok) return { ok: false, status: 400, errors: graph.errors };
    const compiled = graph ? compileGraph(graph.graph) : this.compile(input);
    let errors: SegmentProblem[] = compiled.ok ? [] : compiled.errors;
    if (compiled.ok) {
      const planned = await this.plan(compiled.definition, id, now);
      if (!planned.ok) errors = planned.errors;
    }
    segment.draftGraph = graph ? graph.graph : null;
    segment.draftDefinition = compiled.ok ? compiled.definition : null;
    segment.draftUpdatedAt = now;
    segment.draftUpdatedBy = currentActor().id;
    await segment.save();
    return { ok: true, errors };
  }

  /**
   * Publishes what was posted as the next immutable version and materialises
   * its membership in the same transaction: the version, the segment row, the
   * membership, the transitions with their domain events (the outbox), the
   * version's member count and the audit line commit together or not at all. Segments that include
   * it are recomputed afterwards, each in its own transaction (a failure
   * there is reported and settled by the scheduled refresh). Entered
   * customers become segment.entered events on Kafka.
   *
   * Membership is always exact; what the publisher reads of the counts
   * follows `disclosure`, and a definition whose counts would be an oracle
   * for the publisher is refused here as in the preview (otherwise the
   * segment list's member count, refreshed every few minutes, would be one).
   */
  async publish(id: number, input: SegmentInput, now: Date, disclosure: CountDisclosure = exactCounts): Promise<SegmentOutcome<PublishAnswer>> {
    const compiled = this.compile(input);
    if (!compiled.ok) return { ok: false, status: 400, errors: compiled.errors };
    const planned = await this.plan(compiled.definition, id, now);
    if (!planned.ok) return { ok: false, status: 400, errors: planned.errors };
    const guard = await this.countGuard(planned.plan, disclosure);
    if (guard.ok === 'timedOut') return { ok: false, status: 409, errors: [segmentProblem('countGuardTimedOut')] };
    if (!guard.ok) return { ok: false, status: 400, errors: guard.errors };
    const actor = currentActor();
    const published = await this.ds.transaction(async (tx) => {
      const [row]: Array<{ status: string }> = await tx.query('SELECT status FROM segment WHERE id = ? FOR UPDATE', [id]);
      if (!row) return notFound(id);
      if (row.status === 'ARCHIVED') return { ok: false as const, status: 409 as const, errors: [segmentProblem('archivedNoPublish')] };
      const [{ next }] = await tx.query('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM segment_version WHERE segment_id = ?', [id]);
      const version = Number(next);
      const saved = await tx.getRepository(SegmentVersion).save(
        tx.getRepository(SegmentVersion).create({
          segmentId: id,
          version,
          definition: compiled.definition,
          graph: compiled.graph,
          publishedBy: actor.id,
          publishedAt: now,
        }),
      );
      const segment = await tx.getRepository(Segment).findOneByOrFail({ id });
      segment.status = 'PUBLISHED';
      segment.publishedVersionId = saved.id;
      segment.publishedVersion = version;
      if (compiled.graph) segment.draftGraph = compiled.graph;
      segment.draftDefinition = compiled.definition;
      segment.draftUpdatedAt = now;
      await tx.getRepository(Segment).save(segment);
      await writeAudit(tx, { action: 'segment.publish', resource: 'Segment', recordId: id, detail: `version ${version}` }, now);
      const own = await refreshSegmentWithin(tx, id, 'PUBLISH', now);
      // Never commit a version whose membership was not computed (it would stay at 0 members for good).
      if (own.skipped) throw new Error(`segment ${id} version ${version}: membership not computed (${own.skipped})`);
      await tx.query('UPDATE segment_version SET member_count_at_publish = ? WHERE id = ?', [own.members, saved.id]);
      return { ok: true as const, version, own };
    });
    if (!published.ok) return published;
    await this.refreshDependents(id, now);
    void this.outbox.kick();
    const { own } = published;
    const fewerThan = disclosure.kind === 'guarded' ? { fewerThan: disclosure.minAudience } : {};
    return {
      ok: true,
      version: published.version,
      ...fewerThan,
      memberCount: shownCount(own.members, disclosure),
      entered: shownCount(own.entered, disclosure),
      exited: shownCount(own.exited, disclosure),
    };
  }

  /** Stops evaluating a segment: every member exits (and journeys hear it). Refused while a published segment includes it. */
  async archive(id: number, now: Date): Promise<SegmentOutcome<{ exited: number }>> {
    const segment = await this.ds.getRepository(Segment).findOneBy({ id });
    if (!segment) return notFound(id);
    if (segment.status === 'ARCHIVED') return { ok: false, status: 409, errors: [segmentProblem('alreadyArchived')] };
    const dependents = await dependentSegmentIds(this.ds, id);
    if (dependents.length > 0) {
      const names = await this.ds.query('SELECT name FROM segment WHERE id IN (?)', [dependents]);
      return { ok: false, status: 409, errors: [segmentProblem('usedBySegments', { names: names.map((n: { name: string }) => n.name).join(', ') })] };
    }
    segment.status = 'ARCHIVED';
    await segment.save();
    const r = await refreshSegment(this.ds, id, 'ARCHIVE', now);
    void this.outbox.kick();
    return { ok: true, exited: r.exited };
  }

  /**
   * Real-time membership of customers whose data changed (the relay's
   * `segment-reevaluation` subscriber calls it for customer.* and holding.*
   * events): the same in-memory evaluation as for ingested events.
   * Idempotent; a failure is thrown, so the relay retries the events (an
   * operational error) or reports it (a fatal one).
   */
  async reevaluate(customerIds: number[], now = new Date()): Promise<void> {
    const r = await applyRealtimeMembership(this.ds, customerIds, now);
    if (r.entered + r.exited > 0) void this.outbox.kick();
  }

  /** Full recomputation of one segment and of the published segments that include it. */
  async refreshWithDependents(id: number, cause: 'PUBLISH' | 'REFRESH', now: Date): Promise<RefreshResult> {
    const own = await refreshSegment(this.ds, id, cause, now);
    for (const dep of await dependentSegmentIds(this.ds, id)) await refreshSegment(this.ds, dep, 'REFRESH', now);
    void this.outbox.kick();
    return own;
  }

  /** Full recomputation of every published segment (the scheduled job); a failing segment is passed to `onError`, the others go on. */
  async refreshAll(now: Date, onError: (segmentId: number, err: unknown) => void): Promise<RefreshResult[]> {
    const results = await refreshAllSegments(this.ds, now, onError);
    void this.outbox.kick();
    return results;
  }

  /** After a publication: the segments that include it, each on its own; a failure is reported, the scheduled refresh settles it. */
  private async refreshDependents(id: number, now: Date): Promise<void> {
    try {
      for (const dep of await dependentSegmentIds(this.ds, id)) await refreshSegment(this.ds, dep, 'REFRESH', now);
    } catch (err) {
      this.logger.error({ err, segmentId: id }, `segments: recomputing the segments that include segment ${id} failed; the scheduled refresh settles them`);
    }
  }

  /** What the canvas loads: the draft, the published version and its history. */
  async detail(id: number, disclosure: CountDisclosure = exactCounts) {
    const segment = await this.ds.getRepository(Segment).findOneBy({ id });
    if (!segment) return null;
    const versions: Array<{ id: number; version: number; published_at: Date; published_by: string | null; definition: unknown; graph: unknown; member_count_at_publish: number }> =
      await this.ds.query(
        `SELECT v.id, v.version, v.published_at, s.display_name AS published_by, v.definition, v.graph, v.member_count_at_publish
         FROM segment_version v LEFT JOIN staff s ON s.id = v.published_by WHERE v.segment_id = ? ORDER BY v.version DESC`,
        [id],
      );
    const current = versions.find((v) => Number(v.id) === segment.publishedVersionId) ?? null;
    return {
      id: segment.id,
      name: segment.name,
      description: segment.description,
      status: segment.status,
      draftGraph: jsonColumn<SegmentGraph | null>(segment.draftGraph ?? null),
      draftDefinition: jsonColumn<SegmentDefinition | null>(segment.draftDefinition ?? null),
      draftUpdatedAt: segment.draftUpdatedAt,
      publishedVersion: segment.publishedVersion,
      publishedGraph: current ? jsonColumn<SegmentGraph | null>(current.graph) : null,
      publishedDefinition: current ? jsonColumn<SegmentDefinition>(current.definition) : null,
      // Every version with what it was drawn as, so any of them can be looked at or copied back into the draft.
      versions: versions.map((v) => ({
        version: Number(v.version),
        publishedAt: new Date(v.published_at).toISOString(),
        publishedBy: v.published_by,
        memberCountAtPublish: shownCount(Number(v.member_count_at_publish), disclosure),
        graph: jsonColumn<SegmentGraph | null>(v.graph ?? null),
        definition: jsonColumn<SegmentDefinition>(v.definition),
      })),
      memberCount: shownCount(segment.memberCount, disclosure),
      /** Counts shown as null are fewer than this (roles that see customers masked); null when every count is exact. */
      countsFewerThan: disclosure.kind === 'guarded' ? disclosure.minAudience : null,
      refreshedAt: segment.refreshedAt,
    };
  }

  /** Creates or renames a segment (name, description); the content comes from the canvas. */
  async saveSegment(id: number | null, payload: Record<string, unknown>): Promise<WriteResult<Segment>> {
    const repo = this.ds.getRepository(Segment);
    const segment = id === null ? repo.create({ createdBy: currentActor().id, status: 'DRAFT', memberCount: 0 }) : await repo.findOneBy({ id });
    if (!segment) return fail({}, `세그먼트 ${id}이(가) 없습니다`, `segment ${id} does not exist`);
    // An edit that leaves a field out keeps its stored value (API clients may send only what changes).
    const parsed = segmentInputSchema.safeParse(id === null ? payload : { name: segment.name, description: segment.description ?? '', ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    segment.name = parsed.data.name;
    segment.description = parsed.data.description ?? null;
    try {
      return { ok: true, entity: await repo.save(segment) };
    } catch (err) {
      if (duplicateKeyOf(err) === 'uq_segment_name')
        return fail({ name: fieldError('duplicate', '같은 이름의 세그먼트가 이미 있습니다', 'A segment with this name already exists') });
      throw err;
    }
  }

  /** A never-published draft may be deleted; anything published stays for history (archive it instead). */
  async removeSegment(id: number): Promise<WriteResult<Segment>> {
    const segment = await this.ds.getRepository(Segment).findOneBy({ id });
    if (!segment) return fail({}, `세그먼트 ${id}이(가) 없습니다`, `segment ${id} does not exist`);
    if (segment.status !== 'DRAFT' || segment.publishedVersionId) {
      return fail({}, noDeletePublished);
    }
    await segment.remove();
    return { ok: true, entity: segment };
  }
}

/** The canvas graph's shape (untrusted JSON), with each problem's path under `graph`. */
function parseGraph(input: unknown): { ok: true; graph: SegmentGraph } | { ok: false; errors: SegmentProblem[] } {
  const shape = segmentGraphSchema.safeParse(input, { reportInput: true });
  if (shape.success) return { ok: true, graph: shape.data as SegmentGraph };
  return { ok: false, errors: shape.error.issues.map((i) => ({ path: ['graph', ...i.path].map(String).join('.'), ...problemOfIssue(i) })) };
}

function compileGraph(graph: SegmentGraph): { ok: true; definition: SegmentDefinition; graph: SegmentGraph } | { ok: false; errors: SegmentProblem[] } {
  const compiled = compileSegmentGraph(graph);
  return compiled.ok ? { ok: true, definition: compiled.definition, graph } : { ok: false, errors: compiled.errors };
}

/** Rule 3 of count-disclosure.ts applied to a live count: coarsened below the minimum, samples only where they reveal nothing masked. */
function disclose(live: LiveCount, plan: SegmentPlan, d: CountDisclosure): PreviewAnswer {
  if (live.count === null || d.kind === 'exact') return live;
  if (shownCount(live.count, d) === null) return { ...live, count: null, exact: false, fewerThan: d.minAudience, sample: [] };
  return sampleAllowed(plan, live.count, d) ? live : { ...live, sample: [], sampleWithheld: true };
}
