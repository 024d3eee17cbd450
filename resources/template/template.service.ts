import { withCompiledMjml } from '../../engine/channels/content/compile-mjml.js';
import type { CurrentAdmin } from 'adminjs';
import type { DataSource, EntityManager } from 'typeorm';
import { writeAudit } from '../audit/audit-writer.js';
import { currentActor } from '../../engine/context/request-context.js';
import { jsonColumn } from '../../engine/segments/json-column.util.js';
import { duplicateKeyOf } from '../shared/write-result.js';
import { maskIdentity } from '../customer/customer-masking.js';
import { previewTemplate, validateTemplate, type LegalSender, type RenderResult, type SmsLengths } from '../../engine/channels/content/index.js';
import type { TemplateDefinition } from '../../engine/definitions/template/template-definition.schema.js';
import { fromTemplateProblem, templateApiProblem, type TemplateApiProblem } from './template-api-problems.js';
import { decideTemplateCommand, reviewValidity, templateEditMode, type TemplateCommand, type TemplateReviewInput, type TemplateStatus } from './template-lifecycle.rules.js';

export type TemplateOutcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; problems: TemplateApiProblem[] };

type Body = Record<string, unknown>;

interface TemplateRow {
  id: number;
  name: string;
  channel: string;
  kind: string;
  status: TemplateStatus;
  revision: number;
  previous_revision_id: number | null;
  definition: unknown;
  problems: unknown;
  review_number: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  author_id: number | null;
  submitted_at: Date | null;
  approver_id: number | null;
  approved_at: Date | null;
  rejection_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A template as the API shows it. */
export interface TemplateView {
  id: number;
  name: string;
  channel: string;
  kind: string;
  status: TemplateStatus;
  revision: number;
  previousRevisionId: number | null;
  definition: unknown;
  problems: TemplateApiProblem[];
  reviewNumber: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  authorId: number | null;
  submittedAt: Date | null;
  approverId: number | null;
  approvedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the delivery worker gets for a template id: the approved revision of its lineage, if it may be sent now. */
export type TemplateForSend =
  | {
      status: 'valid';
      template: { id: number; name: string; revision: number; channel: string; kind: string; definition: TemplateDefinition };
      review: { reviewNumber: string; validFrom: Date | null; validUntil: Date | null };
    }
  | { status: 'expired' | 'notYetValid'; templateId: number; revision: number; review: { reviewNumber: string | null; validFrom: Date | null; validUntil: Date | null } }
  | { status: 'notApproved' | 'notFound' };

/** The sender printed on advertising messages until the channel configuration supplies the bank's own. */
export const defaultTemplateSender: LegalSender = { name: '은행', contactNumber: '1588-0000', optOutNumber: '080-000-0000' };

/** Sample values a preview uses besides the customer's (masked) name. */
const sampleRecommendations = [{ name: '(예시) 정기예금', rateText: '연 3.50% (세전)', url: 'https://bank.example/p/sample' }];

const view = (r: TemplateRow): TemplateView => ({
  id: Number(r.id),
  name: r.name,
  channel: r.channel,
  kind: r.kind,
  status: r.status,
  revision: Number(r.revision),
  previousRevisionId: r.previous_revision_id === null ? null : Number(r.previous_revision_id),
  definition: jsonColumn(r.definition),
  problems: (jsonColumn<TemplateApiProblem[] | null>(r.problems) ?? []) as TemplateApiProblem[],
  reviewNumber: r.review_number,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  authorId: r.author_id === null ? null : Number(r.author_id),
  submittedAt: r.submitted_at,
  approverId: r.approver_id === null ? null : Number(r.approver_id),
  approvedAt: r.approved_at,
  rejectionReason: r.rejection_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const notFound = (id: number | string): TemplateOutcome<never> => ({ ok: false, status: 404, problems: [templateApiProblem('templateNotFound', { id })] });
const bad = (problems: TemplateApiProblem[]): TemplateOutcome<never> => ({ ok: false, status: 400, problems });
const conflict = (problems: TemplateApiProblem[]): TemplateOutcome<never> => ({ ok: false, status: 409, problems });

const channels = ['sms', 'email', 'push'];
const kinds = ['advertising', 'informational'];
const isPlainObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

async function lockTemplate(tx: EntityManager, id: number): Promise<TemplateRow | null> {
  const rows: TemplateRow[] = await tx.query('SELECT * FROM message_template WHERE id = ? FOR UPDATE', [id]);
  return rows[0] ?? null;
}

/**
 * Message templates and their compliance review (template-lifecycle.rules.ts).
 * Drafts save with their problems (schema, Liquid, SMS bytes, from
 * `validateTemplate`) and come back with them; a template with problems is
 * refused at submit. Approval needs someone other than the author (the staff
 * member who last wrote the text), a 심의필 번호 and a validity period. An
 * approved revision is never changed: an edit makes the next revision as a
 * draft, and the approved one stays the one sent until its successor is
 * approved (then it is retired). Every change writes its audit row in the
 * same transaction; previews write an access-log row.
 */
export class TemplateService {
  constructor(
    private readonly ds: DataSource,
    private readonly sender: LegalSender = defaultTemplateSender,
  ) {}

  /** The problems of a definition, and its channel and kind when they can be read. */
  check(definition: unknown): { problems: TemplateApiProblem[]; smsLengths?: SmsLengths; channel: string | null; kind: string | null } {
    const v = validateTemplate(definition, { sender: this.sender });
    const raw = isPlainObject(definition) ? definition : {};
    const channel = v.template?.channel ?? (channels.includes(String(raw.channel)) ? String(raw.channel) : null);
    const kind = v.template?.kind ?? (kinds.includes(String(raw.kind)) ? String(raw.kind) : null);
    return { problems: v.problems.map(fromTemplateProblem), ...(v.smsLengths ? { smsLengths: v.smsLengths } : {}), channel, kind };
  }

  /**
   * The definition as it is saved and its problems: an e-mail written in MJML gets its HTML compiled first
   * (MJML's problems join the template's), then the save-time checks.
   */
  async prepare(definition: Body): Promise<{ definition: Body; checked: ReturnType<TemplateService['check']> }> {
    const compiled = await withCompiledMjml(definition);
    const prepared = compiled.definition as Body;
    const checked = this.check(prepared);
    return { definition: prepared, checked: { ...checked, problems: [...compiled.problems.map(fromTemplateProblem), ...checked.problems] } };
  }

  /** POST /validate: the problems of a definition (none = it may be submitted), and the definition as it would be saved. */
  async validate(body: Body): Promise<TemplateOutcome<{ valid: boolean; problems: TemplateApiProblem[]; smsLengths?: SmsLengths; definition: Body }>> {
    if (!isPlainObject(body.definition)) return bad([templateApiProblem('definitionRequired', undefined, { path: 'definition' })]);
    const { definition, checked } = await this.prepare(body.definition as Body);
    const { problems, smsLengths } = checked;
    return { ok: true, valid: problems.length === 0, problems, ...(smsLengths ? { smsLengths } : {}), definition };
  }

  async list(status?: TemplateStatus): Promise<TemplateView[]> {
    const rows: TemplateRow[] = await this.ds.query(
      `SELECT * FROM message_template ${status ? 'WHERE status = ?' : ''} ORDER BY name, revision DESC LIMIT 1000`,
      status ? [status] : [],
    );
    return rows.map(view);
  }

  /** One revision, with every revision of its lineage (newest first). */
  async detail(id: number): Promise<(TemplateView & { revisions: Array<Pick<TemplateView, 'id' | 'revision' | 'status' | 'approvedAt' | 'validUntil'>> }) | null> {
    const rows: TemplateRow[] = await this.ds.query('SELECT * FROM message_template WHERE id = ?', [id]);
    if (!rows[0]) return null;
    const lineage: TemplateRow[] = await this.ds.query('SELECT * FROM message_template WHERE name = ? ORDER BY revision DESC', [rows[0].name]);
    return {
      ...view(rows[0]),
      revisions: lineage.map((r) => ({ id: Number(r.id), revision: Number(r.revision), status: r.status, approvedAt: r.approved_at, validUntil: r.valid_until })),
    };
  }

  private fields(body: Body, needName: boolean): TemplateOutcome<{ name?: string; definition: Body }> {
    const problems: TemplateApiProblem[] = [];
    let name: string | undefined;
    if (body.name !== undefined || needName) {
      if (typeof body.name !== 'string' || body.name.trim().length < 1 || body.name.trim().length > 100) {
        problems.push(templateApiProblem('nameInvalid', undefined, { path: 'name' }));
      } else name = body.name.trim();
    }
    if (!isPlainObject(body.definition)) problems.push(templateApiProblem('definitionRequired', undefined, { path: 'definition' }));
    if (problems.length) return bad(problems);
    return { ok: true, ...(name !== undefined ? { name } : {}), definition: body.definition as Body };
  }

  /** A new template (revision 1, DRAFT); saved with its problems, which come back. */
  async create(body: Body, now: Date): Promise<TemplateOutcome<{ id: number; revision: number; status: TemplateStatus; problems: TemplateApiProblem[] }>> {
    const fields = this.fields(body, true);
    if (!fields.ok) return fields;
    const { definition: prepared, checked } = await this.prepare(fields.definition);
    const f = { ...fields, definition: prepared };
    if (!checked.channel || !checked.kind) return bad(checked.problems.length ? checked.problems : [templateApiProblem('definitionRequired', undefined, { path: 'definition' })]);
    const actor = currentActor();
    try {
      const id = await this.ds.transaction(async (tx) => {
        const r = await tx.query(
          `INSERT INTO message_template (name, channel, kind, status, revision, definition, problems, author_id, created_at, updated_at)
           VALUES (?, ?, ?, 'DRAFT', 1, ?, ?, ?, ?, ?)`,
          [f.name, checked.channel, checked.kind, JSON.stringify(f.definition), JSON.stringify(checked.problems), actor.id, now, now],
        );
        const templateId = Number(r.insertId);
        await writeAudit(
          tx,
          {
            action: 'template.create',
            resource: 'MessageTemplate',
            recordId: templateId,
            detail: `${f.name} r1 (${checked.channel}, ${checked.kind}); ${checked.problems.length} problem(s)`,
          },
          now,
        );
        return templateId;
      });
      return { ok: true, id, revision: 1, status: 'DRAFT', problems: checked.problems };
    } catch (err) {
      if (duplicateKeyOf(err) === 'uq_message_template_name') return conflict([templateApiProblem('nameTaken', { name: f.name! }, { path: 'name' })]);
      throw err;
    }
  }

  /**
   * Saves an edit: a draft (or a rejected revision, which becomes a draft
   * again) in place; an approved revision as the next revision, a DRAFT
   * linked to it. The answer names the revision written.
   */
  async update(id: number, body: Body, now: Date): Promise<TemplateOutcome<{ id: number; revision: number; status: TemplateStatus; problems: TemplateApiProblem[] }>> {
    const fields = this.fields(body, false);
    if (!fields.ok) return fields;
    const { definition: prepared, checked } = await this.prepare(fields.definition);
    const f = { ...fields, definition: prepared };
    if (!checked.channel || !checked.kind) return bad(checked.problems.length ? checked.problems : [templateApiProblem('definitionRequired', undefined, { path: 'definition' })]);
    const actor = currentActor();
    return this.ds.transaction(async (tx): Promise<TemplateOutcome<{ id: number; revision: number; status: TemplateStatus; problems: TemplateApiProblem[] }>> => {
      const row = await lockTemplate(tx, id);
      if (!row) return notFound(id);
      if (f.name !== undefined && f.name !== row.name) return bad([templateApiProblem('nameImmutable', undefined, { path: 'name' })]);
      const mode = templateEditMode(row.status);
      if (mode === 'refused') return conflict([templateApiProblem('editRefused', { status: row.status })]);
      const definition = JSON.stringify(f.definition);
      const problems = JSON.stringify(checked.problems);
      if (mode === 'in-place') {
        await tx.query(
          `UPDATE message_template SET channel = ?, kind = ?, definition = ?, problems = ?, status = 'DRAFT', author_id = ?, rejection_reason = NULL, updated_at = ? WHERE id = ?`,
          [checked.channel, checked.kind, definition, problems, actor.id, now, id],
        );
        const was = row.status === 'REJECTED' ? '; rejected revision back to draft' : '';
        await writeAudit(
          tx,
          { action: 'template.update', resource: 'MessageTemplate', recordId: id, detail: `${row.name} r${row.revision}${was}; ${checked.problems.length} problem(s)` },
          now,
        );
        return { ok: true, id, revision: Number(row.revision), status: 'DRAFT', problems: checked.problems };
      }
      // An approved revision: one successor at a time, or the review would fork.
      const open: Array<{ revision: number }> = await tx.query(
        `SELECT revision FROM message_template WHERE name = ? AND status IN ('DRAFT','PENDING','REJECTED') ORDER BY revision DESC LIMIT 1 FOR UPDATE`,
        [row.name],
      );
      if (open[0]) return conflict([templateApiProblem('openRevision', { revision: Number(open[0].revision) })]);
      const max: Array<{ m: number }> = await tx.query('SELECT MAX(revision) AS m FROM message_template WHERE name = ?', [row.name]);
      const revision = Number(max[0]?.m ?? row.revision) + 1;
      const r = await tx.query(
        `INSERT INTO message_template (name, channel, kind, status, revision, previous_revision_id, definition, problems, author_id, created_at, updated_at)
         VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?)`,
        [row.name, checked.channel, checked.kind, revision, id, definition, problems, actor.id, now, now],
      );
      const newId = Number(r.insertId);
      await writeAudit(
        tx,
        {
          action: 'template.revise',
          resource: 'MessageTemplate',
          recordId: newId,
          detail: `${row.name}: approved r${row.revision} edited as draft r${revision}; ${checked.problems.length} problem(s)`,
        },
        now,
      );
      return { ok: true, id: newId, revision, status: 'DRAFT', problems: checked.problems };
    });
  }

  /** submit / approve / reject / retire, as the rules decide; approving a revision retires the one approved before it. */
  async command(id: number, command: TemplateCommand, body: Body, now: Date): Promise<TemplateOutcome<{ template: TemplateView }>> {
    const actor = currentActor();
    return this.ds.transaction(async (tx): Promise<TemplateOutcome<{ template: TemplateView }>> => {
      const row = await lockTemplate(tx, id);
      if (!row) return notFound(id);
      const decision = decideTemplateCommand(
        command,
        { status: row.status, authorId: row.author_id === null ? null : Number(row.author_id) },
        actor.id,
        body as TemplateReviewInput,
        now,
      );
      if (!decision.ok) {
        const problem = templateApiProblem(decision.code, decision.params, decision.path ? { path: decision.path } : {});
        return decision.kind === 'input' ? bad([problem]) : conflict([problem]);
      }
      let detail = `${row.name} r${row.revision}: ${row.status} -> ${decision.to}`;
      if (command === 'submit') {
        const {
          checked: { problems },
        } = await this.prepare(jsonColumn(row.definition));
        if (problems.length) {
          await tx.query('UPDATE message_template SET problems = ? WHERE id = ?', [JSON.stringify(problems), id]);
          return conflict([templateApiProblem('templateInvalid', { count: problems.length }), ...problems]);
        }
        await tx.query(`UPDATE message_template SET status = 'PENDING', problems = '[]', submitted_at = ?, updated_at = ? WHERE id = ?`, [now, now, id]);
      } else if (command === 'approve') {
        const review = decision.review!;
        const previous: Array<{ id: number; revision: number }> = await tx.query(
          `SELECT id, revision FROM message_template WHERE name = ? AND status = 'APPROVED' AND id <> ? FOR UPDATE`,
          [row.name, id],
        );
        for (const p of previous) {
          await tx.query(`UPDATE message_template SET status = 'RETIRED', updated_at = ? WHERE id = ?`, [now, p.id]);
          await writeAudit(
            tx,
            { action: 'template.retire', resource: 'MessageTemplate', recordId: p.id, detail: `${row.name} r${p.revision}: superseded by r${row.revision}` },
            now,
          );
        }
        await tx.query(
          `UPDATE message_template SET status = 'APPROVED', review_number = ?, valid_from = ?, valid_until = ?, approver_id = ?, approved_at = ?, updated_at = ? WHERE id = ?`,
          [review.reviewNumber, review.validFrom, review.validUntil, actor.id, now, now, id],
        );
        detail += `; 심의필 ${review.reviewNumber} (${review.validFrom.toISOString()} ~ ${review.validUntil.toISOString()})`;
      } else if (command === 'reject') {
        await tx.query(`UPDATE message_template SET status = 'REJECTED', rejection_reason = ?, updated_at = ? WHERE id = ?`, [decision.reason, now, id]);
        detail += `; ${decision.reason}`;
      } else {
        await tx.query(`UPDATE message_template SET status = 'RETIRED', updated_at = ? WHERE id = ?`, [now, id]);
      }
      await writeAudit(tx, { action: `template.${command}`, resource: 'MessageTemplate', recordId: id, detail }, now);
      const after: TemplateRow[] = await tx.query('SELECT * FROM message_template WHERE id = ?', [id]);
      return { ok: true, template: view(after[0]!) };
    });
  }

  /**
   * The template rendered for a real customer, whose name is masked as the
   * console masks customers for `user`'s role; the bank values are the
   * configured sender, recommendations a sample. Written to the access log.
   */
  async preview(
    id: number,
    body: Body,
    user: CurrentAdmin | undefined,
    now: Date,
  ): Promise<TemplateOutcome<{ customer: { id: number; name: string; masked: boolean }; problems: TemplateApiProblem[]; rendered: RenderResult | null }>> {
    const raw = body.customerId;
    const customerId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(customerId) || customerId < 1 || customerId > 4294967295) return bad([templateApiProblem('customerIdInvalid', undefined, { path: 'customerId' })]);
    const rows: TemplateRow[] = await this.ds.query('SELECT * FROM message_template WHERE id = ?', [id]);
    if (!rows[0]) return notFound(id);
    const customers: Array<{ id: number; name: string }> = await this.ds.query('SELECT id, name FROM customer WHERE id = ?', [customerId]);
    if (!customers[0]) return { ok: false, status: 404, problems: [templateApiProblem('customerNotFound', { id: customerId }, { path: 'customerId' })] };
    const shown = maskIdentity({ name: customers[0].name }, user);
    const masked = shown.name !== customers[0].name;
    const p = previewTemplate(
      jsonColumn(rows[0].definition),
      {
        customer: { name: shown.name },
        bank: this.sender,
        recommendations: sampleRecommendations,
        message: { unsubscribeUrl: 'https://bank.example/unsubscribe/preview' },
      },
      {},
    );
    await writeAudit(
      this.ds.manager,
      {
        action: 'template.preview',
        resource: 'MessageTemplate',
        recordId: id,
        detail: `customer ${customerId} (${masked ? 'name masked' : 'name shown'}); ${rows[0].name} r${rows[0].revision}`,
      },
      now,
    );
    return {
      ok: true,
      customer: { id: customerId, name: shown.name, masked },
      problems: p.problems.map(fromTemplateProblem),
      rendered: p.rendered ?? null,
    };
  }

  /**
   * What the delivery worker calls before a send: for any revision's id, the
   * APPROVED revision of that template and whether its review period covers
   * `now` (a send outside it must not go out).
   */
  async templateForSend(id: number, now: Date): Promise<TemplateForSend> {
    const rows: Array<{ name: string }> = await this.ds.query('SELECT name FROM message_template WHERE id = ?', [id]);
    if (!rows[0]) return { status: 'notFound' };
    const approved: TemplateRow[] = await this.ds.query(`SELECT * FROM message_template WHERE name = ? AND status = 'APPROVED' ORDER BY revision DESC LIMIT 1`, [rows[0].name]);
    const a = approved[0];
    if (!a) return { status: 'notApproved' };
    const validity = reviewValidity(a.valid_from, a.valid_until, now);
    if (validity !== 'valid') {
      return {
        status: validity,
        templateId: Number(a.id),
        revision: Number(a.revision),
        review: { reviewNumber: a.review_number, validFrom: a.valid_from, validUntil: a.valid_until },
      };
    }
    return {
      status: 'valid',
      template: { id: Number(a.id), name: a.name, revision: Number(a.revision), channel: a.channel, kind: a.kind, definition: jsonColumn<TemplateDefinition>(a.definition) },
      review: { reviewNumber: a.review_number ?? '', validFrom: a.valid_from, validUntil: a.valid_until },
    };
  }
}
