import { Not, type DataSource, type EntityManager } from 'typeorm';
import { Product } from './product.entity.js';
import { ProductVersion } from './product-version.entity.js';
import { RateTier } from './rate-tier.entity.js';
import { Disclosure } from '../disclosure/disclosure.entity.js';
import { productInputSchema, tierInputSchema, versionInputSchema } from './catalogue-input.schema.js';
import { decideVersionCommand, type VersionCommand } from './version-lifecycle.rules.js';
import { recordTransition } from './record-transition.js';
import { asPayload, fieldErrorsOf } from '../shared/field-errors.js';
import { currentActor } from '../../engine/context/request-context.js';
import { writeAudit } from '../audit/audit-writer.js';
import { duplicateKeyOf, fail, seoulDate, type WriteResult } from '../shared/write-result.js';

/**
 * Products, their versions and rate tables. Writes are validated here and
 * each runs in one transaction with its transition row; audit rows come from
 * the audit subscriber in the same transaction.
 */
export class CatalogueService {
  constructor(private readonly ds: DataSource) {}

  async saveProduct(id: number | null, payload: Record<string, unknown>): Promise<WriteResult<Product>> {
    const existing = id ? await this.ds.getRepository(Product).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `상품 ${id}을(를) 찾을 수 없습니다`);
    const parsed = productInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const p = existing ?? Object.assign(new Product(), { createdBy: currentActor().id });
    if (existing && parsed.data.code !== existing.code) return fail({ code: { message: '상품코드는 변경할 수 없습니다', type: 'immutable' } });
    Object.assign(p, { ...parsed.data, tags: parsed.data.tags ?? null, imageUrl: parsed.data.imageUrl ?? null, summary: parsed.data.summary ?? null });
    try {
      return { ok: true, entity: await this.ds.transaction((m) => m.save(p)) };
    } catch (err) {
      if (duplicateKeyOf(err)) return fail({ code: { message: `상품코드 ${p.code}은(는) 이미 사용 중입니다`, type: 'duplicate' } });
      throw err;
    }
  }

  /** Soft delete: the product leaves every list but stays for holdings and history. */
  async deleteProduct(id: number): Promise<WriteResult<Product>> {
    return this.ds.transaction(async (m) => {
      const p = await m.findOne(Product, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!p) return fail({}, `상품 ${id}을(를) 찾을 수 없습니다`);
      const live = await m.findOneBy(ProductVersion, { productId: id, status: 'PUBLISHED' });
      if (live) return fail({}, `게시 중인 버전(v${live.versionNo})을 먼저 중지하거나 종료하세요`);
      await m.softRemove(p);
      // softRemove raises no update event, so the audit row is written here.
      await writeAudit(m, { action: 'delete', resource: 'Product', recordId: id, detail: `soft delete of ${p.code}; kept for holdings and history` });
      return { ok: true as const, entity: p };
    });
  }

  async saveVersion(id: number | null, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<ProductVersion>> {
    const actor = currentActor();
    const existing = id ? await this.ds.getRepository(ProductVersion).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`);
    if (existing && existing.status !== 'DRAFT') return fail({}, '초안(DRAFT) 상태의 버전만 수정할 수 있습니다. 지난 버전은 읽기 전용입니다');
    const parsed = versionInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    if (existing && input.productId !== existing.productId) return fail({ productId: { message: '버전의 상품은 바꿀 수 없습니다', type: 'immutable' } });
    const product = await this.ds.getRepository(Product).findOneBy({ id: input.productId });
    if (!product) return fail({ productId: { message: `상품 ${input.productId}이(가) 없거나 삭제되었습니다`, type: 'reference' } });
    return this.ds.transaction(async (m) => {
      const v = existing ?? new ProductVersion();
      if (!existing) {
        // Serialise version numbering per product on the product row.
        await m.findOne(Product, { where: { id: input.productId }, lock: { mode: 'pessimistic_write' } });
        const max = await m.getRepository(ProductVersion).maximum('versionNo', { productId: input.productId });
        const versionNo = (max ?? 0) + 1;
        Object.assign(v, { productId: input.productId, versionNo, label: `${product.name} v${versionNo}`.slice(0, 160), status: 'DRAFT', authorId: actor.id });
      }
      Object.assign(v, { validFrom: input.validFrom, validTo: input.validTo ?? null, conditions: input.conditions ?? null, lastEditedBy: actor.id });
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
      if (!v) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`);
      if (v.status !== 'DRAFT') return fail({}, '초안만 삭제할 수 있습니다. 지난 버전은 이력으로 남습니다');
      if (await m.existsBy(Disclosure, { productVersionId: id })) return fail({}, '공시 문안이 있는 버전은 삭제할 수 없습니다');
      await m.delete(RateTier, { productVersionId: id });
      await m.remove(v);
      return { ok: true as const, entity: v };
    });
  }

  /** Runs one lifecycle step; publishing retires the previously published version in the same transaction. */
  async versionCommand(id: number, command: VersionCommand, comment: string, now = new Date()): Promise<WriteResult<ProductVersion>> {
    const actor = currentActor();
    return this.ds.transaction(async (m) => {
      const v = await m.findOne(ProductVersion, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!v) return fail({}, `상품 버전 ${id}을(를) 찾을 수 없습니다`);
      const product = await m.findOne(Product, { where: { id: v.productId }, withDeleted: true });
      if (!product || product.deletedAt) return fail({}, '삭제된 상품의 버전은 변경할 수 없습니다');
      const tierCount = await m.countBy(RateTier, { productVersionId: id });
      const other = await m.findOne(ProductVersion, { where: { productId: v.productId, status: 'PUBLISHED', id: Not(id) }, lock: { mode: 'pessimistic_write' } });
      const disclosure = await currentApprovedDisclosure(m, id);
      const today = seoulDate(now);
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

  async saveTier(id: number | null, payload: Record<string, unknown>): Promise<WriteResult<RateTier>> {
    const existing = id ? await this.ds.getRepository(RateTier).findOneBy({ id }) : null;
    if (id && !existing) return fail({}, `금리 구간 ${id}을(를) 찾을 수 없습니다`);
    const parsed = tierInputSchema.safeParse({ ...(existing ? asPayload(existing) : {}), ...payload });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    if (existing && input.productVersionId !== existing.productVersionId) {
      return fail({ productVersionId: { message: '금리 구간의 상품 버전은 바꿀 수 없습니다', type: 'immutable' } });
    }
    const problem = await this.draftProblem(input.productVersionId);
    if (problem) return fail({ productVersionId: { message: problem, type: 'state' } }, problem);
    const t = existing ?? new RateTier();
    Object.assign(t, { ...input, termMonthsMax: input.termMonthsMax ?? null, amountMax: input.amountMax ?? null });
    return { ok: true, entity: await this.ds.transaction((m) => m.save(t)) };
  }

  async deleteTier(id: number): Promise<WriteResult<RateTier>> {
    const t = await this.ds.getRepository(RateTier).findOneBy({ id });
    if (!t) return fail({}, `금리 구간 ${id}을(를) 찾을 수 없습니다`);
    const problem = await this.draftProblem(t.productVersionId);
    if (problem) return fail({}, problem);
    await this.ds.transaction((m) => m.remove(t));
    return { ok: true, entity: t };
  }

  private async draftProblem(versionId: number): Promise<string | null> {
    const v = await this.ds.getRepository(ProductVersion).findOneBy({ id: versionId });
    if (!v) return `상품 버전 ${versionId}이(가) 없습니다`;
    return v.status === 'DRAFT' ? null : '초안(DRAFT) 버전의 금리표만 바꿀 수 있습니다';
  }
}

/** The version's approved disclosure (at most one is APPROVED at a time; older ones are SUPERSEDED). */
export async function currentApprovedDisclosure(m: EntityManager, versionId: number) {
  return m.findOne(Disclosure, { where: { productVersionId: versionId, status: 'APPROVED' }, order: { revision: 'DESC' } });
}
