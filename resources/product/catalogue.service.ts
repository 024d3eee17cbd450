import { Not, type DataSource, type EntityManager } from 'typeorm';
import { Product } from './product.entity.js';
import { ProductVersion } from './product-version.entity.js';
import { RateTier } from './rate-tier.entity.js';
import { Disclosure } from '../disclosure/disclosure.entity.js';
import { productInputSchema, tierInputSchema, versionInputSchema } from './catalogue-input.schema.js';
import { decideVersionCommand, submitProblems, type VersionCommand } from './version-lifecycle.rules.js';
import { decideDisclosureCommand, type DisclosureReview } from '../disclosure/disclosure-lifecycle.rules.js';
import { fieldError, localise, t } from '../shared/bilingual.js';
import { recordTransition } from './record-transition.js';
import { asPayload, fieldErrorsOf } from '../shared/field-errors.js';
import { currentActor } from '../../engine/context/request-context.js';
import { writeAudit } from '../audit/audit-writer.js';
import { duplicateKeyOf, fail, seoulDate, type WriteResult } from '../shared/write-result.js';
import { applyDisclosureStep } from '../disclosure/disclosure.service.js';

const msg = {
  draftOnly: t('초안(DRAFT) 상태의 버전만 수정할 수 있습니다. 지난 버전은 읽기 전용입니다', 'Only a draft version can be changed; earlier versions are read-only'),
  deleteDraftOnly: t('초안만 삭제할 수 있습니다. 지난 버전은 이력으로 남습니다', 'Only a draft can be deleted; earlier versions stay as history'),
  deleteWithDisclosure: t('공시 문안이 있는 버전은 삭제할 수 없습니다', 'A version with a disclosure text cannot be deleted'),
  deletedProduct: t('삭제된 상품의 버전은 변경할 수 없습니다', 'Versions of a deleted product cannot be changed'),
  tiersDraftOnly: t('초안(DRAFT) 버전의 금리표만 바꿀 수 있습니다', "Only a draft version's rate table can be changed"),
};

/**
 * Products, their versions and rate tables. Writes are validated here and
 * each runs in one transaction with its transition row; audit rows come from
 * the audit subscriber in the same transaction.
 */
export class CatalogueService {
  constructor(private readonly ds: DataSource) {}

  async saveProduct(id: number | null, payload: Record<string, unknown>): Promise<WriteResult<Product>> {
    const existing = id ? await this.ds.getRepository(Product).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `상품 ${id}을(를) 찾을 수 없습니다`, `Product ${id} was not found`);
    const parsed = productInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const p = existing ?? Object.assign(new Product(), { createdBy: currentActor().id });
    if (existing && parsed.data.code !== existing.code) return fail({ code: fieldError('immutable', '상품코드는 변경할 수 없습니다', 'The product code cannot be changed') });
    Object.assign(p, { ...parsed.data, tags: parsed.data.tags ?? null, imageUrl: parsed.data.imageUrl ?? null, summary: parsed.data.summary ?? null });
    try {
      return { ok: true, entity: await this.ds.transaction((m) => m.save(p)) };
    } catch (err) {
      if (duplicateKeyOf(err)) return fail({ code: fieldError('duplicate', `상품코드 ${p.code}은(는) 이미 사용 중입니다`, `The product code ${p.code} is already in use`) });
      throw err;
    }
  }

  /** Soft delete: the product leaves every list but stays for holdings and history. */
  async deleteProduct(id: number): Promise<WriteResult<Product>> {
    return this.ds.transaction(async (m) => {
      const p = await m.findOne(Product, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!p) return fail({}, `상품 ${id}을(를) 찾을 수 없습니다`, `Product ${id} was not found`);
      const live = await m.findOneBy(ProductVersion, { productId: id, status: 'PUBLISHED' });
      if (live) return fail({}, `게시 중인 버전(v${live.versionNo})을 먼저 중지하거나 종료하세요`, `Suspend or terminate the published version (v${live.versionNo}) first`);
      await m.softRemove(p);
      // softRemove raises no update event, so the audit row is written here.
      await writeAudit(m, { action: 'delete', resource: 'Product', recordId: id, detail: `soft delete of ${p.code}; kept for holdings and history` });
      return { ok: true as const, entity: p };
    });
  }

  async saveVersion(id: number | null, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<ProductVersion>> {
    const actor = currentActor();
    const existing = id ? await this.ds.getRepository(ProductVersion).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`, `Product version ${id} was not found`);
    if (existing && existing.status !== 'DRAFT') return fail({}, msg.draftOnly);
    const parsed = versionInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    if (existing && input.productId !== existing.productId)
      return fail({ productId: fieldError('immutable', '버전의 상품은 바꿀 수 없습니다', "A version's product cannot be changed") });
    const product = await this.ds.getRepository(Product).findOneBy({ id: input.productId });
    if (!product)
      return fail({ productId: fieldError('reference', `상품 ${input.productId}이(가) 없거나 삭제되었습니다`, `Product ${input.productId} does not exist or was deleted`) });
    return this.ds.transaction(async (m) => {
      const v = existing ?? new ProductVersion();
      if (!existing) {
        // Serialise version numbering per product on the product row.
        await m.findOne(Product, { where: { id: input.productId }, lock: { mode: 'pessimistic_write' } });
        const max = await m.getRepository(ProductVersion).maximum('versionNo', { productId: input.productId });
        const versionNo = (max ?? 0) + 1;
        Object.assign(v, { productId: input.productId, versionNo, label: `${product.name} v${versionNo}`.slice(0, 160), status: 'DRAFT', authorId: actor.id });
      }
      Object.assign(v, {
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        conditions: input.conditions ?? null,
        minAge: input.minAge ?? null,
        maxAge: input.maxAge ?? null,
        eligibleGender: input.eligibleGender ?? null,
        eligibleRegions: input.eligibleRegions ?? null,
        lastEditedBy: actor.id,
      });
      const saved = await m.save(v);
      if (!existing)
        await recordTransition(
          m,
          { subjectType: 'PRODUCT_VERSION', subjectId: saved.id, productId: saved.productId, from: null, to: 'DRAFT', comment: `v${saved.versionNo} 작성` },
          now,
        );
      return { ok: true as const, entity: saved };
    });
  }

  async deleteVersion(id: number): Promise<WriteResult<ProductVersion>> {
    return this.ds.transaction(async (m) => {
      const v = await m.findOne(ProductVersion, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!v) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`, `Product version ${id} was not found`);
      if (v.status !== 'DRAFT') return fail({}, msg.deleteDraftOnly);
      if (await m.existsBy(Disclosure, { productVersionId: id })) return fail({}, msg.deleteWithDisclosure);
      await m.delete(RateTier, { productVersionId: id });
      await m.remove(v);
      return { ok: true as const, entity: v };
    });
  }

  /**
   * Runs one lifecycle step; publishing retires the previously published version in the same transaction.
   *
   * The version and its disclosure text travel together: `submit` sends the
   * version and its draft disclosure to review at once (refused, with every
   * reason, when a rated product has no rate tier or there is no disclosure);
   * `approve` of a version whose disclosure waits for review approves both,
   * with the disclosure's review number (심의필 번호) and validity in
   * `review`; `reject` sends both back with the same reason. Maker-checker
   * covers both: whoever wrote or last edited either may not approve.
   */
  async versionCommand(id: number, command: VersionCommand, comment: string, now = new Date(), review: DisclosureReview = {}): Promise<WriteResult<ProductVersion>> {
    const actor = currentActor();
    return this.ds.transaction(async (m) => {
      const v = await m.findOne(ProductVersion, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!v) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`, `Product version ${id} was not found`);
      const product = await m.findOne(Product, { where: { id: v.productId }, withDeleted: true });
      if (!product || product.deletedAt) return fail({}, msg.deletedProduct);
      const tierCount = await m.countBy(RateTier, { productVersionId: id });
      const other = await m.findOne(ProductVersion, { where: { productId: v.productId, status: 'PUBLISHED', id: Not(id) }, lock: { mode: 'pessimistic_write' } });
      const disclosure = await currentApprovedDisclosure(m, id);
      // The text in the works (a draft or under review), at most one per version (disclosure.service.ts).
      const open = await m.findOne(Disclosure, {
        where: [
          { productVersionId: id, status: 'DRAFT' },
          { productVersionId: id, status: 'PENDING_REVIEW' },
        ],
        lock: { mode: 'pessimistic_write' },
      });
      const today = seoulDate(now);
      if (command === 'submit' && v.status === 'DRAFT') {
        const problems = submitProblems({ productType: product.type, tierCount, disclosureStatus: open?.status ?? disclosure?.status ?? null });
        if (problems.length) return fail({}, problems.join(' · '), problems.map((p) => localise(p, 'en')).join(' · '));
      }
      const decision = decideVersionCommand(
        command,
        {
          status: v.status,
          authorId: v.authorId,
          lastEditedBy: v.lastEditedBy,
          validFrom: v.validFrom,
          validTo: v.validTo,
          productType: product.type,
          tierCount,
          otherPublishedVersionNo: other?.versionNo ?? null,
        },
        actor.id ?? -1,
        disclosure,
        today,
        comment,
      );
      if (!decision.ok) return fail({}, decision.message);

      // The disclosure moving with the version: submitted with it, approved or rejected with it.
      const reviewStep = command === 'submit' || command === 'approve' || command === 'reject' ? command : null;
      const companion = reviewStep && open?.status === (reviewStep === 'submit' ? 'DRAFT' : 'PENDING_REVIEW') ? open : null;
      if (reviewStep && companion) {
        // The disclosure's own rules: its maker-checker, and the review number and validity on approval.
        const step = decideDisclosureCommand(reviewStep, companion, actor.id ?? -1, review, today, comment);
        if (!step.ok) return fail(step.field ? { [step.field]: { message: step.message, type: 'review' } } : {}, step.message);
        await applyDisclosureStep(m, companion, reviewStep, step.to, review, comment, v.productId, actor.id, now);
      }

      if (command === 'publish' && other) {
        other.status = 'TERMINATED';
        await m.save(other);
        await recordTransition(
          m,
          { subjectType: 'PRODUCT_VERSION', subjectId: other.id, productId: v.productId, from: 'PUBLISHED', to: 'TERMINATED', comment: `v${v.versionNo} 게시로 대체됨` },
          now,
        );
      }
      const from = v.status;
      v.status = decision.to;
      if (command === 'approve') {
        v.approvedBy = actor.id;
        v.approvedAt = now;
      }
      if (command === 'reject') {
        v.approvedBy = null;
        v.approvedAt = null;
      }
      if (command === 'publish' || command === 'resume') v.publishedAt = now;
      await m.save(v);
      await recordTransition(m, { subjectType: 'PRODUCT_VERSION', subjectId: v.id, productId: v.productId, from, to: v.status, comment }, now);
      return { ok: true as const, entity: v };
    });
  }

  /** Facts for the approval form: who made the version and its disclosure under review (for the maker-checker explanation). */
  async approvalFacts(id: number): Promise<{ status: string; makers: Array<{ authorId: number; lastEditedBy: number }>; pendingDisclosure: Disclosure | null } | null> {
    const v = await this.ds.getRepository(ProductVersion).findOneBy({ id });
    if (!v) return null;
    const d = await this.ds.getRepository(Disclosure).findOneBy({ productVersionId: id, status: 'PENDING_REVIEW' });
    return { status: v.status, makers: [v, ...(d ? [d] : [])], pendingDisclosure: d };
  }

  async saveTier(id: number | null, payload: Record<string, unknown>): Promise<WriteResult<RateTier>> {
    const existing = id ? await this.ds.getRepository(RateTier).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `금리 구간 ${id}을(를) 찾을 수 없습니다`, `Rate tier ${id} was not found`);
    const parsed = tierInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    if (existing && input.productVersionId !== existing.productVersionId) {
      return fail({ productVersionId: fieldError('immutable', '금리 구간의 상품 버전은 바꿀 수 없습니다', "A rate tier's product version cannot be changed") });
    }
    const problem = await this.draftProblem(input.productVersionId);
    if (problem) return fail({ productVersionId: { message: problem, type: 'state' } }, problem);
    const t = existing ?? new RateTier();
    Object.assign(t, { ...input, termMonthsMax: input.termMonthsMax ?? null, amountMax: input.amountMax ?? null });
    return { ok: true, entity: await this.ds.transaction((m) => m.save(t)) };
  }

  async deleteTier(id: number): Promise<WriteResult<RateTier>> {
    const t = await this.ds.getRepository(RateTier).findOneBy({ id });
    if (!t) return fail({}, `금리 구간 ${id}을(를) 찾을 수 없습니다`, `Rate tier ${id} was not found`);
    const problem = await this.draftProblem(t.productVersionId);
    if (problem) return fail({}, problem);
    await this.ds.transaction((m) => m.remove(t));
    return { ok: true, entity: t };
  }

  private async draftProblem(versionId: number): Promise<string | null> {
    const v = await this.ds.getRepository(ProductVersion).findOneBy({ id: versionId });
    if (!v) return t(`상품 버전 ${versionId}이(가) 없습니다`, `Product version ${versionId} does not exist`);
    return v.status === 'DRAFT' ? null : msg.tiersDraftOnly;
  }
}

/** The version's approved disclosure (at most one is APPROVED at a time; older ones are SUPERSEDED). */
export async function currentApprovedDisclosure(m: EntityManager, versionId: number) {
  return m.findOne(Disclosure, { where: { productVersionId: versionId, status: 'APPROVED' }, order: { revision: 'DESC' } });
}
