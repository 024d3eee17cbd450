import type { DataSource, EntityManager } from 'typeorm';
import { fieldError } from '../shared/bilingual.js';
import { Disclosure } from './disclosure.entity.js';
import { ProductVersion } from '../product/product-version.entity.js';
import { disclosureInputSchema } from '../product/catalogue-input.schema.js';
import { decideDisclosureCommand, editMode, type DisclosureCommand, type DisclosureReview } from './disclosure-lifecycle.rules.js';
import type { DisclosureStatus } from '../product/product-attributes.js';
import { recordTransition } from '../product/record-transition.js';
import { asPayload, fieldErrorsOf } from '../shared/field-errors.js';
import { currentActor } from '../../engine/context/request-context.js';
import { fail, seoulDate, type WriteResult } from '../shared/write-result.js';

/**
 * Disclosure texts and their compliance review. An approved text is never
 * changed: saving an edit to it creates the next revision as a draft, and
 * approving a revision supersedes the one approved before.
 */
export class DisclosureService {
  constructor(private readonly ds: DataSource) {}

  async save(id: number | null, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Disclosure>> {
    const actor = currentActor();
    const existing = id ? await this.ds.getRepository(Disclosure).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `공시 문안 ${id}을(를) 찾을 수 없습니다`, `Disclosure ${id} was not found`);
    const mode = existing ? editMode(existing.status) : { mode: 'new' as const };
    if (mode.mode === 'refused') return fail({}, mode.message);
    const parsed = disclosureInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    if (existing && input.productVersionId !== existing.productVersionId) {
      return fail({ productVersionId: fieldError('immutable', '문안의 상품 버전은 바꿀 수 없습니다', "A disclosure's product version cannot be changed") });
    }
    const version = await this.ds.getRepository(ProductVersion).findOneBy({ id: input.productVersionId });
    if (!version)
      return fail({ productVersionId: fieldError('reference', `상품 버전 ${input.productVersionId}이(가) 없습니다`, `Product version ${input.productVersionId} does not exist`) });
    if (version.status === 'TERMINATED')
      return fail({ productVersionId: fieldError('state', '종료된 버전에는 문안을 쓸 수 없습니다', 'A terminated version cannot get a disclosure') });

    return this.ds.transaction(async (m) => {
      if (mode.mode === 'in-place' && existing) {
        Object.assign(existing, { title: input.title, body: input.body, lastEditedBy: actor.id });
        return { ok: true as const, entity: await m.save(existing) };
      }
      await m.findOne(ProductVersion, { where: { id: version.id }, lock: { mode: 'pessimistic_write' } });
      // One text in the works per version: a second draft would fork the review.
      const open = await m.findOne(Disclosure, {
        where: [
          { productVersionId: version.id, status: 'DRAFT' },
          { productVersionId: version.id, status: 'PENDING_REVIEW' },
        ],
      });
      if (open)
        return fail(
          {},
          `이 버전에는 작성 또는 심의 중인 문안 r${open.revision}이(가) 있습니다. 그 문안을 수정하세요`,
          `This version already has a text in draft or under review (r${open.revision}); change that one`,
        );
      const max = await m.getRepository(Disclosure).maximum('revision', { productVersionId: version.id });
      const d = Object.assign(new Disclosure(), {
        productVersionId: version.id,
        revision: (max ?? 0) + 1,
        title: input.title,
        body: input.body,
        status: 'DRAFT',
        basedOnId: existing?.id ?? null,
        authorId: actor.id,
        lastEditedBy: actor.id,
      });
      const saved = await m.save(d);
      const comment = existing ? `승인된 r${existing.revision}을(를) 수정하여 새 초안 r${saved.revision} 작성` : `r${saved.revision} 작성`;
      await recordTransition(m, { subjectType: 'DISCLOSURE', subjectId: saved.id, productId: version.productId, from: null, to: 'DRAFT', comment }, now);
      return { ok: true as const, entity: saved };
    });
  }

  async command(id: number, command: DisclosureCommand, review: DisclosureReview, comment: string, now = new Date()): Promise<WriteResult<Disclosure>> {
    const actor = currentActor();
    return this.ds.transaction(async (m) => {
      const d = await m.findOne(Disclosure, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) return fail({}, `공시 문안 ${id}을(를) 찾을 수 없습니다`, `Disclosure ${id} was not found`);
      const decision = decideDisclosureCommand(command, d, actor.id ?? -1, review, seoulDate(now), comment);
      if (!decision.ok) {
        return fail(decision.field ? { [decision.field]: { message: decision.message, type: 'review' } } : {}, decision.message);
      }
      const version = await m.findOneByOrFail(ProductVersion, { id: d.productVersionId });
      await applyDisclosureStep(m, d, command, decision.to, review, comment, version.productId, actor.id, now);
      return { ok: true as const, entity: d };
    });
  }
}

/**
 * Writes one decided review step of a disclosure (its rules already passed):
 * approval supersedes the revision approved before and keeps the review
 * number and validity; every step leaves a transition row. Also used by the
 * catalogue service, which moves a version's disclosure with the version.
 */
export async function applyDisclosureStep(
  m: EntityManager,
  d: Disclosure,
  command: DisclosureCommand,
  to: DisclosureStatus,
  review: DisclosureReview,
  comment: string,
  productId: number,
  actorId: number | null,
  now: Date,
): Promise<void> {
  if (command === 'approve') {
    const previous = await m.findBy(Disclosure, { productVersionId: d.productVersionId, status: 'APPROVED' });
    for (const p of previous) {
      p.status = 'SUPERSEDED';
      await m.save(p);
      await recordTransition(m, { subjectType: 'DISCLOSURE', subjectId: p.id, productId, from: 'APPROVED', to: 'SUPERSEDED', comment: `r${d.revision} 승인으로 대체됨` }, now);
    }
    Object.assign(d, {
      reviewNo: review.reviewNo!.trim(),
      reviewValidFrom: review.reviewValidFrom,
      reviewValidTo: review.reviewValidTo,
      approvedBy: actorId,
      approvedAt: now,
    });
  }
  const from = d.status;
  d.status = to;
  await m.save(d);
  const note = command === 'approve' ? `심의필 ${d.reviewNo} (${d.reviewValidFrom}~${d.reviewValidTo})${comment ? ` ${comment}` : ''}` : comment;
  await recordTransition(m, { subjectType: 'DISCLOSURE', subjectId: d.id, productId, from, to: d.status, comment: note }, now);
}
