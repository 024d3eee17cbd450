import type { DataSource, EntityManager } from 'typeorm';
import { writeAudit } from '../audit/audit-writer.js';
import { currentActor } from '../../engine/context/request-context.js';
import { parseJourneyDefinition, type JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { journeyProblem } from '../../engine/definitions/journey/journey-problems.js';
import { checkJourneyGraph } from '../../builder/journey/check-journey-graph.js';
import { jsonColumn } from '../../engine/segments/json-column.util.js';
import { duplicateKeyOf } from '../shared/write-result.js';
import { apiProblem, fromJourneyProblem, type ApiProblem } from './journey-api-problems.js';
import { checkJourneyFields, checkReason, type InstancePage } from './journey-input.js';
import { deletable, draftEditable, journeyTransitions, judgeTransition, type JourneyLifecycleAction, type JourneyStatus } from './journey-lifecycle.rules.js';
import { entryColumns, segmentReferences, templateReferenceProblem, templateReferences, unpublishedReferences, type TemplateLineage } from './journey-references.js';
import { JourneyMonitoring } from './journey-monitoring.query.js';
import type { JourneyRuntimePort } from './journey-runtime.port.js';

export type JourneyOutcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409 | 503; problems: ApiProblem[] };

/** What a lifecycle move did after its commit: whether the runtime heard it (absent in a console-only process). */
export interface RuntimeNotice {
  runtime: 'notified' | 'absent' | 'failed';
}

type Queryable = Pick<EntityManager, 'query'>;

interface JourneyRow {
  id: number;
  name: string;
  description: string | null;
  status: JourneyStatus;
  draft_definition: unknown;
  draft_layout: unknown;
  draft_updated_at: Date | null;
  draft_updated_by: number | null;
  published_version_id: number | null;
  published_version: number | null;
  entry_type: string | null;
  status_changed_at: Date | null;
  status_reason: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

const notFound = (id: number | string): JourneyOutcome<never> => ({ ok: false, status: 404, problems: [apiProblem('journeyNotFound', { id })] });
const bad = (problems: ApiProblem[]): JourneyOutcome<never> => ({ ok: false, status: 400, problems });

/** The lifecycle statuses' audit actions, read back as the status history. */
const historyActions = ['journey.create', 'journey.publish', 'journey.pause', 'journey.resume', 'journey.archive'];

/**
 * Journeys: drafts edited on the canvas (a draft may have problems and still
 * saves), validation with coded problems in Korean and English, immutable
 * published versions, and the lifecycle DRAFT → PUBLISHED ⇄ PAUSED →
 * ARCHIVED (journey-lifecycle.rules.ts). Every change and its audit row
 * commit in one transaction; the runtime is told after the commit through
 * its port, and a process without the runtime tells nobody (the engine
 * process re-reads live journeys from MariaDB).
 */
export class JourneyService {
  /** Where a runtime call that failed after a commit is reported (the change itself stands). */
  onError: (err: unknown, context: string) => void = () => undefined;
  readonly monitoring: JourneyMonitoring;
  private runtime: JourneyRuntimePort | null = null;

  constructor(private readonly ds: DataSource) {
    this.monitoring = new JourneyMonitoring(ds);
  }

  /** Set where the console is built, when this process runs journeys. */
  attachRuntime(port: JourneyRuntimePort): void {
    this.runtime = port;
  }

  get runtimeAttached(): boolean {
    return this.runtime !== null;
  }

  /**
   * Every problem of a definition: the schema's; when it parses, the graph's
   * (builder/journey), the segment references that are missing or not
   * PUBLISHED, and the send blocks whose template cannot be sent at `now`
   * (missing, another channel, no approved revision, review period not
   * covering `now`). `q` is the publishing transaction, which then holds the
   * referenced segment and template rows in share mode until it commits.
   */
  async problemsOf(definition: unknown, q: Queryable = this.ds, now: Date = new Date()): Promise<{ definition: JourneyDefinition | null; problems: ApiProblem[] }> {
    const parsed = parseJourneyDefinition(definition);
    if (!parsed.ok) return { definition: null, problems: parsed.problems.map(fromJourneyProblem) };
    const problems = checkJourneyGraph(parsed.definition).map(fromJourneyProblem);
    const refs = segmentReferences(parsed.definition);
    if (refs.length > 0) {
      const ids = [...new Set(refs.map((r) => r.segmentId))];
      const rows: Array<{ id: number; status: string }> = await q.query(`SELECT id, status FROM segment WHERE id IN (?) LOCK IN SHARE MODE`, [ids]);
      const statusOf = new Map(rows.map((r) => [Number(r.id), r.status]));
      for (const r of unpublishedReferences(refs, statusOf)) {
        problems.push(fromJourneyProblem({ ...journeyProblem('segmentNotPublished', { id: r.segmentId }), path: r.path, ...(r.nodeId ? { nodeId: r.nodeId } : {}) }));
      }
    }
    problems.push(...(await this.templateProblems(parsed.definition, q, now)));
    return { definition: parsed.definition, problems };
  }

  /** The send blocks whose template cannot be sent at `now`, one problem per block (templateReferenceProblem). */
  async templateProblems(definition: JourneyDefinition, q: Queryable, now: Date): Promise<ApiProblem[]> {
    const refs = templateReferences(definition);
    if (refs.length === 0) return [];
    const rows: Array<{
      id: number;
      channel: string;
      approved_channel: string | null;
      review_number: string | null;
      valid_from: Date | null;
      valid_until: Date | null;
    }> = await q.query(
      `SELECT t.id, t.channel, a.channel AS approved_channel, a.review_number, a.valid_from, a.valid_until
         FROM message_template t LEFT JOIN message_template a ON a.name = t.name AND a.status = 'APPROVED'
        WHERE t.id IN (?) ORDER BY t.id, a.revision DESC LOCK IN SHARE MODE`,
      [[...new Set(refs.map((r) => r.templateId))]],
    );
    const lineages = new Map<number, TemplateLineage>();
    for (const r of rows) {
      if (lineages.has(Number(r.id))) continue; // the newest approved revision, should a lineage ever have two
      lineages.set(Number(r.id), {
        channel: r.channel,
        approved: r.approved_channel === null ? null : { channel: r.approved_channel, reviewNumber: r.review_number, validFrom: r.valid_from, validUntil: r.valid_until },
      });
    }
    const problems: ApiProblem[] = [];
    for (const ref of refs) {
      const p = templateReferenceProblem(ref, lineages.get(ref.templateId), now);
      if (p) problems.push(fromJourneyProblem({ ...journeyProblem(p.code, p.params), path: ref.path, nodeId: ref.nodeId }));
    }
    return problems;
  }

  /** POST /validate: the problems of a definition (none = it may be published). */
  async validate(body: Record<string, unknown>): Promise<JourneyOutcome<{ valid: boolean; problems: ApiProblem[] }>> {
    if (body.definition === null || typeof body.definition !== 'object' || Array.isArray(body.definition))
      return bad([apiProblem('definitionRequired', undefined, { path: 'definition' })]);
    const { problems } = await this.problemsOf(body.definition);
    return { ok: true, valid: problems.length === 0, problems };
  }

  /** A new journey (DRAFT) with its name, description and, optionally, a first draft; returns the draft's problems. */
  async create(body: Record<string, unknown>, now: Date): Promise<JourneyOutcome<{ id: number; status: JourneyStatus; problems: ApiProblem[] }>> {
    const fields = checkJourneyFields(body, { needName: true, needDefinition: false });
    if (!fields.ok) return bad(fields.problems);
    const f = fields.value;
    const actor = currentActor();
    const problems = f.definition === undefined ? [] : (await this.problemsOf(f.definition, this.ds, now)).problems;
    try {
      const id = await this.ds.transaction(async (tx) => {
        const r = await tx.query(
          `INSERT INTO journey (name, description, status, draft_definition, draft_layout, draft_updated_at, draft_updated_by, status_changed_at, created_by, created_at, updated_at)
           VALUES (?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            f.name,
            f.description ?? null,
            f.definition === undefined ? null : JSON.stringify(f.definition),
            f.layout ? JSON.stringify(f.layout) : null,
            f.definition === undefined ? null : now,
            actor.id,
            now,
            actor.id,
            now,
            now,
          ],
        );
        const journeyId = Number(r.insertId);
        await writeAudit(
          tx,
          { action: 'journey.create', resource: 'Journey', recordId: journeyId, detail: `${f.name}; draft ${describeProblems(problems, f.definition !== undefined)}` },
          now,
        );
        return journeyId;
      });
      return { ok: true, id, status: 'DRAFT', problems };
    } catch (err) {
      if (duplicateKeyOf(err) === 'uq_journey_name') return { ok: false, status: 409, problems: [apiProblem('nameTaken', { name: f.name! }, { path: 'name' })] };
      throw err;
    }
  }

  /** Saves the canvas as the draft (also when it has problems; they come back), and a new name or description if sent. */
  async saveDraft(id: number, body: Record<string, unknown>, now: Date): Promise<JourneyOutcome<{ problems: ApiProblem[] }>> {
    const fields = checkJourneyFields(body, { needName: false, needDefinition: true });
    if (!fields.ok) return bad(fields.problems);
    const f = fields.value;
    const { problems } = await this.problemsOf(f.definition, this.ds, now);
    const actor = currentActor();
    try {
      return await this.ds.transaction(async (tx): Promise<JourneyOutcome<{ problems: ApiProblem[] }>> => {
        const row = await lockJourney(tx, id);
        if (!row) return notFound(id);
        if (!draftEditable(row.status)) return { ok: false, status: 409, problems: [apiProblem('archivedNoEdit')] };
        const sets = ['draft_definition = ?', 'draft_updated_at = ?', 'draft_updated_by = ?'];
        const args: unknown[] = [JSON.stringify(f.definition), now, actor.id];
        if (f.layout !== undefined) {
          sets.push('draft_layout = ?');
          args.push(f.layout === null ? null : JSON.stringify(f.layout));
        }
        if (f.name !== undefined) {
          sets.push('name = ?');
          args.push(f.name);
        }
        if (f.description !== undefined) {
          sets.push('description = ?');
          args.push(f.description);
        }
        await tx.query(`UPDATE journey SET ${sets.join(', ')} WHERE id = ?`, [...args, id]);
        const renamed = f.name !== undefined && f.name !== row.name ? `; renamed from ${row.name}` : '';
        await writeAudit(tx, { action: 'journey.draft', resource: 'Journey', recordId: id, detail: `draft ${describeProblems(problems, true)}${renamed}` }, now);
        return { ok: true, problems };
      });
    } catch (err) {
      if (duplicateKeyOf(err) === 'uq_journey_name') return { ok: false, status: 409, problems: [apiProblem('nameTaken', { name: f.name! }, { path: 'name' })] };
      throw err;
    }
  }

  /**
   * Publishes the draft as the next immutable version, refused with every
   * problem while it has any (schema, graph, segments not PUBLISHED, send
   * blocks whose template is missing, of another channel, not approved or
   * outside its review period). Resuming re-checks the templates. The
   * journey row gets the version and its entry columns; running instances
   * keep the version they entered with.
   */
  async publish(id: number, now: Date): Promise<JourneyOutcome<{ version: number; versionId: number; status: JourneyStatus } & RuntimeNotice>> {
    const actor = currentActor();
    const done = await this.ds.transaction(async (tx): Promise<JourneyOutcome<{ version: number; versionId: number; status: JourneyStatus }>> => {
      const row = await lockJourney(tx, id);
      if (!row) return notFound(id);
      const verdict = judgeTransition(row.status, 'publish', { actorId: actor.id, authorId: row.draft_updated_by });
      if (!verdict.ok) return { ok: false, status: 409, problems: [apiProblem('illegalTransition', verdict.params)] };
      const draft = jsonColumn<unknown>(row.draft_definition);
      if (draft === null || draft === undefined) return bad([apiProblem('noDraft', undefined, { path: 'definition' })]);
      const { definition, problems } = await this.problemsOf(draft, tx, now);
      if (!definition || problems.length > 0) return bad(problems);
      const [{ next }] = await tx.query('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM journey_version WHERE journey_id = ?', [id]);
      const version = Number(next);
      const inserted = await tx.query('INSERT INTO journey_version (journey_id, version, definition, layout, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        version,
        JSON.stringify(definition),
        row.draft_layout === null ? null : JSON.stringify(jsonColumn(row.draft_layout)),
        actor.id,
        now,
      ]);
      const versionId = Number(inserted.insertId);
      const entry = entryColumns(definition);
      await tx.query(
        `UPDATE journey SET status = ?, published_version_id = ?, published_version = ?, entry_type = ?, entry_event_type = ?, entry_segment_id = ?,
           status_changed_at = ?, status_reason = NULL WHERE id = ?`,
        [verdict.to, versionId, version, entry.entryType, entry.entryEventType, entry.entrySegmentId, now, id],
      );
      await writeAudit(
        tx,
        { action: 'journey.publish', resource: 'Journey', recordId: id, detail: `version ${version}; ${row.status} -> ${verdict.to}; entry ${entry.entryType}` },
        now,
      );
      return { ok: true, version, versionId, status: verdict.to };
    });
    if (!done.ok) return done;
    return { ...done, ...(await this.tellRuntime(id, 'publish')).notice };
  }

  pause(id: number, body: Record<string, unknown>, now: Date) {
    return this.move(id, 'pause', body, now);
  }

  resume(id: number, body: Record<string, unknown>, now: Date) {
    return this.move(id, 'resume', body, now);
  }

  /** Archives (with a reason); the runtime then ends every running instance with reason `archived`. */
  archive(id: number, body: Record<string, unknown>, now: Date) {
    return this.move(id, 'archive', body, now);
  }

  private async move(
    id: number,
    action: Exclude<JourneyLifecycleAction, 'publish'>,
    body: Record<string, unknown>,
    now: Date,
  ): Promise<JourneyOutcome<{ status: JourneyStatus; instancesEnded: number | null } & RuntimeNotice>> {
    const actor = currentActor();
    const reason = checkReason(body.reason, journeyTransitions[action].needsReason);
    if (!reason.ok) return bad(reason.problems);
    const done = await this.ds.transaction(async (tx): Promise<JourneyOutcome<{ status: JourneyStatus }>> => {
      const row = await lockJourney(tx, id);
      if (!row) return notFound(id);
      const verdict = judgeTransition(row.status, action, { actorId: actor.id, authorId: row.draft_updated_by });
      if (!verdict.ok) return { ok: false, status: 409, problems: [apiProblem('illegalTransition', verdict.params)] };
      if (verdict.to === 'PUBLISHED') {
        // Going live again: the published version's messages must still be sendable (a review may have ended while paused).
        const [v]: Array<{ definition: unknown }> = await tx.query('SELECT definition FROM journey_version WHERE id = ?', [row.published_version_id]);
        const parsed = v ? parseJourneyDefinition(jsonColumn<unknown>(v.definition)) : null;
        const problems = parsed?.ok ? await this.templateProblems(parsed.definition, tx, now) : [];
        if (problems.length > 0) return { ok: false, status: 409, problems };
      }
      await tx.query('UPDATE journey SET status = ?, status_changed_at = ?, status_reason = ? WHERE id = ?', [verdict.to, now, reason.value, id]);
      await writeAudit(
        tx,
        { action: `journey.${action}`, resource: 'Journey', recordId: id, detail: `${row.status} -> ${verdict.to}${reason.value ? `; ${reason.value}` : ''}` },
        now,
      );
      return { ok: true, status: verdict.to };
    });
    if (!done.ok) return done;
    const told = await this.tellRuntime(id, action);
    return { ...done, ...told.notice, instancesEnded: told.ended };
  }

  /** After the commit: live journeys re-read (and, for an archive, running instances ended). A failure is reported, not thrown. */
  private async tellRuntime(id: number, action: JourneyLifecycleAction): Promise<{ notice: RuntimeNotice; ended: number | null }> {
    if (!this.runtime) return { notice: { runtime: 'absent' }, ended: null };
    try {
      await this.runtime.lifecycleChanged(id);
      const ended = action === 'archive' ? await this.runtime.archived(id) : null;
      return { notice: { runtime: 'notified' }, ended };
    } catch (err) {
      this.onError(err, `telling the journey runtime that journey ${id} was ${journeyTransitions[action].done}`);
      return { notice: { runtime: 'failed' }, ended: null };
    }
  }

  /** A never-published draft may be deleted; anything published stays for history (archive it instead). */
  async remove(id: number, now: Date): Promise<JourneyOutcome<{ deleted: true }>> {
    return this.ds.transaction(async (tx): Promise<JourneyOutcome<{ deleted: true }>> => {
      const row = await lockJourney(tx, id);
      if (!row) return notFound(id);
      if (!deletable(row.status, row.published_version_id !== null)) return { ok: false, status: 409, problems: [apiProblem('publishedNoDelete')] };
      await tx.query('DELETE FROM journey WHERE id = ?', [id]);
      await writeAudit(tx, { action: 'journey.delete', resource: 'Journey', recordId: id, detail: row.name }, now);
      return { ok: true, deleted: true };
    });
  }

  /** The journeys, newest first, with how many customers each has running now. */
  async list(status?: JourneyStatus) {
    const rows: Array<JourneyRow & { running: number | null }> = await this.ds.query(
      `SELECT j.id, j.name, j.description, j.status, j.published_version, j.entry_type, j.status_changed_at, j.updated_at, r.running
         FROM journey j LEFT JOIN (SELECT journey_id, COUNT(*) AS running FROM journey_instance WHERE active = 1 GROUP BY journey_id) r ON r.journey_id = j.id
        ${status ? 'WHERE j.status = ?' : ''} ORDER BY j.id DESC`,
      status ? [status] : [],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      description: r.description,
      status: r.status,
      publishedVersion: r.published_version === null ? null : Number(r.published_version),
      entryType: r.entry_type,
      running: Number(r.running ?? 0),
      statusChangedAt: iso(r.status_changed_at),
      updatedAt: iso(r.updated_at),
    }));
  }

  /** What the canvas and the journey page load: draft (with its problems), published version, versions, status history. */
  async detail(id: number) {
    const [row]: JourneyRow[] = await this.ds.query('SELECT * FROM journey WHERE id = ?', [id]);
    if (!row) return null;
    const versions: Array<{ id: number; version: number; published_at: Date; published_by: string | null; definition: unknown; layout: unknown }> = await this.ds.query(
      `SELECT v.id, v.version, v.published_at, s.display_name AS published_by, v.definition, v.layout
         FROM journey_version v LEFT JOIN staff s ON s.id = v.published_by WHERE v.journey_id = ? ORDER BY v.version DESC`,
      [id],
    );
    const history: Array<{ action: string; occurred_at: Date; actor_email: string | null; detail: string | null }> = await this.ds.query(
      `SELECT action, occurred_at, actor_email, detail FROM audit_log WHERE resource = 'Journey' AND record_id = ? AND action IN (?) ORDER BY id`,
      [String(id), historyActions],
    );
    const draft = jsonColumn<unknown>(row.draft_definition);
    const current = versions.find((v) => Number(v.id) === Number(row.published_version_id)) ?? null;
    return {
      id: Number(row.id),
      name: row.name,
      description: row.description,
      status: row.status,
      statusReason: row.status_reason,
      statusChangedAt: iso(row.status_changed_at),
      entryType: row.entry_type,
      draft: {
        definition: draft ?? null,
        layout: jsonColumn<unknown>(row.draft_layout) ?? null,
        updatedAt: iso(row.draft_updated_at),
        problems: draft === null || draft === undefined ? [] : (await this.problemsOf(draft)).problems,
      },
      published: current && {
        version: Number(current.version),
        versionId: Number(current.id),
        publishedAt: iso(current.published_at),
        publishedBy: current.published_by,
        definition: jsonColumn<unknown>(current.definition),
        layout: jsonColumn<unknown>(current.layout) ?? null,
      },
      versions: versions.map((v) => ({ version: Number(v.version), versionId: Number(v.id), publishedAt: iso(v.published_at), publishedBy: v.published_by })),
      history: history.map((h) => ({ action: h.action.slice('journey.'.length), at: iso(h.occurred_at), by: h.actor_email, detail: h.detail })),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  /** Per-block counters of one version or of every version of the journey. */
  async counters(id: number, version: number | 'all') {
    if (!(await this.exists(id))) return notFound(id);
    const c = await this.monitoring.counters(id, version);
    if (!c) return bad([apiProblem('versionFilter', undefined, { path: 'version' })]);
    return { ok: true as const, ...c };
  }

  async instances(id: number, page: InstancePage) {
    if (!(await this.exists(id))) return notFound(id);
    const instances = await this.monitoring.instances(id, page);
    await writeAudit(this.ds.manager, { action: 'journey.instances', resource: 'Journey', recordId: id, detail: `${instances.length} instances listed (${page.status})` });
    return { ok: true as const, instances, next: instances.length === page.limit ? instances[instances.length - 1]!.id : null };
  }

  /** One instance's history; reading it is logged (it is one customer's contact history). */
  async instance(id: number, instanceId: string) {
    if (!(await this.exists(id))) return notFound(id);
    const history = /^[1-9][0-9]{0,19}$/.test(instanceId) ? await this.monitoring.instance(id, instanceId) : null;
    if (!history) return { ok: false as const, status: 404 as const, problems: [apiProblem('instanceNotFound', { journeyId: id, id: instanceId.slice(0, 40) })] };
    await writeAudit(this.ds.manager, { action: 'journey.instanceView', resource: 'Journey', recordId: id, detail: `instance ${instanceId} of customer ${history.customerNo}` });
    return { ok: true as const, ...history };
  }

  /**
   * Starts one customer through the API (the machine route has already
   * authenticated the token and checked its scope). The entry key makes a
   * repeated request answer with the instance it started the first time.
   */
  async startForApi(
    id: number,
    customerNo: string,
    entryKey: string,
  ): Promise<JourneyOutcome<{ instanceId: string | null; started: boolean; repeated: boolean; reason?: string }>> {
    const [row]: Array<{ status: JourneyStatus; entry_type: string | null }> = await this.ds.query('SELECT status, entry_type FROM journey WHERE id = ?', [id]);
    if (!row) return notFound(id);
    if (row.status !== 'PUBLISHED') return { ok: false, status: 409, problems: [apiProblem('journeyNotLive', { id, status: row.status })] };
    if (row.entry_type !== 'api') return { ok: false, status: 409, problems: [apiProblem('notApiEntry', { id, entry: row.entry_type ?? 'none' })] };
    const [customer]: Array<{ id: number; customer_no: string }> = await this.ds.query('SELECT id, customer_no FROM customer WHERE customer_no = ?', [customerNo]);
    if (!customer) return { ok: false, status: 404, problems: [apiProblem('customerNotFound', { customerNo })] };
    const earlier = await this.instanceByEntryKey(id, entryKey);
    if (earlier) return { ok: true, instanceId: earlier, started: false, repeated: true };
    if (!this.runtime) return { ok: false, status: 503, problems: [apiProblem('runtimeUnavailable')] };
    const r = await this.runtime.startForApi(id, { id: Number(customer.id), customerNo: customer.customer_no }, entryKey);
    if (r.started && r.instanceId) return { ok: true, instanceId: r.instanceId, started: true, repeated: false };
    // The same request racing itself: the other call's instance is the answer.
    const raced = await this.instanceByEntryKey(id, entryKey);
    if (raced) return { ok: true, instanceId: raced, started: false, repeated: true };
    return { ok: true, instanceId: null, started: false, repeated: false, ...(r.reason ? { reason: r.reason } : {}) };
  }

  private async instanceByEntryKey(journeyId: number, entryKey: string): Promise<string | null> {
    const [r]: Array<{ id: string }> = await this.ds.query('SELECT id FROM journey_instance WHERE journey_id = ? AND entry_key = ?', [journeyId, entryKey]);
    return r ? String(r.id) : null;
  }

  async exists(id: number): Promise<boolean> {
    const [r] = await this.ds.query('SELECT id FROM journey WHERE id = ?', [id]);
    return !!r;
  }
}

async function lockJourney(tx: Queryable, id: number): Promise<JourneyRow | null> {
  const [row]: JourneyRow[] = await tx.query('SELECT * FROM journey WHERE id = ? FOR UPDATE', [id]);
  return row ?? null;
}

function describeProblems(problems: ApiProblem[], hasDraft: boolean): string {
  if (!hasDraft) return 'empty';
  return problems.length === 0 ? 'valid' : `${problems.length} problems (${[...new Set(problems.map((p) => p.code))].slice(0, 5).join(', ')})`;
}

const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());
