import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Holding } from './holding.entity.js';
import { Customer } from '../customer/customer.entity.js';
import { Product } from '../product/product.entity.js';
import { ProductVersion } from '../product/product-version.entity.js';
import { Branch } from '../branch/branch.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { holdingInputSchema } from '../product/catalogue-input.schema.js';
import { fieldErrorsOf } from '../shared/field-errors.js';
import { checkSuitability } from '../../engine/recommendation/suitability.js';
import { currentActor } from '../../engine/context/request-context.js';
import { duplicateKeyOf, fail, seoulDate, type WriteResult } from '../shared/write-result.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { newDomainEvent } from '../../engine/outbox/new-domain-event.js';
import { noOutboxKick, type OutboxKick } from '../../engine/outbox/outbox-kick.js';
import type { DomainEvent } from '../../engine/definitions/domain-events/index.js';
import type { ProductType } from '../product/product-attributes.js';

/**
 * Selling (opening) and closing holdings. A new holding must be of a version
 * on sale now, for a customer who has not withdrawn, and suitable for the
 * customer's investment propensity; the seller is the logged-in staff member.
 * Each write commits with its domain events (holding.opened / changed /
 * closed: ids, product type and dates, never the amount or contract number),
 * then kicks the outbox relay and awaits it (bounded), so its subscribers
 * (segment re-evaluation) have run when the console shows the result.
 */
export class HoldingService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxKick = noOutboxKick,
  ) {}

  async open(payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Holding>> {
    const parsed = holdingInputSchema.safeParse(payload);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    const today = seoulDate(now);
    if (input.openedOn > today) return fail({ openedOn: { message: '개설일은 오늘 이후일 수 없습니다', type: 'range' } });
    if (BigInt(input.amount) <= 0n) return fail({ amount: { message: '금액은 0보다 커야 합니다', type: 'range' } });

    const customer = await this.ds.getRepository(Customer).findOneBy({ id: input.customerId });
    if (!customer) return fail({ customerId: { message: `고객 ${input.customerId}이(가) 없습니다`, type: 'reference' } });
    if (customer.status === 'WITHDRAWN') return fail({ customerId: { message: `탈퇴한 고객(${customer.customerNo})에게는 판매할 수 없습니다`, type: 'state' } });
    const version = await this.ds.getRepository(ProductVersion).findOneBy({ id: input.productVersionId });
    if (!version) return fail({ productVersionId: { message: `상품 버전 ${input.productVersionId}이(가) 없습니다`, type: 'reference' } });
    if (version.status !== 'PUBLISHED') return fail({ productVersionId: { message: '게시(판매) 중인 버전만 가입시킬 수 있습니다', type: 'state' } });
    if (input.openedOn < version.validFrom || (version.validTo && input.openedOn > version.validTo)) {
      return fail({ openedOn: { message: `개설일은 이 버전의 유효기간(${version.validFrom}~${version.validTo ?? ''}) 안이어야 합니다`, type: 'range' } });
    }
    const product = await this.ds.getRepository(Product).findOneBy({ id: version.productId });
    if (!product) return fail({ productVersionId: { message: '삭제된 상품입니다', type: 'state' } });
    const suitable = checkSuitability(customer.propensity, product.type, product.riskGrade);
    if (!suitable.ok) return fail({ productVersionId: { message: suitable.message, type: 'suitability' } });

    const actor = currentActor();
    const seller = actor.id ? await this.ds.getRepository(Staff).findOneBy({ id: actor.id }) : null;
    const branchCode = input.branchCode ?? seller?.branchCode ?? customer.branchCode;
    if (!branchCode) return fail({ branchCode: { message: '판매 영업점을 입력하세요', type: 'required' } });
    if (!(await this.ds.getRepository(Branch).existsBy({ code: branchCode }))) return fail({ branchCode: { message: `영업점 ${branchCode}이(가) 없습니다`, type: 'reference' } });

    const h = Object.assign(new Holding(), {
      contractNo: input.contractNo ?? `H${today.replace(/-/g, '')}${randomInt(0, 1e8).toString().padStart(8, '0')}`,
      customerId: customer.id,
      productId: product.id,
      productVersionId: version.id,
      soldByStaffId: seller?.id ?? null,
      branchCode,
      amount: input.amount,
      openedOn: input.openedOn,
      closedOn: input.closedOn ?? null,
    });
    let saved: Holding;
    try {
      saved = await this.ds.transaction(async (m) => {
        const written = await m.save(h);
        const ref = { holdingId: written.id, customerId: customer.id, productId: product.id, productVersionId: version.id, productType: product.type as ProductType };
        const events: DomainEvent[] = [newDomainEvent('holding.opened', customer.customerNo, { ...ref, openedOn: written.openedOn }, now)];
        // Recorded already closed (a contract entered after the fact): it opened and closed.
        if (written.closedOn) events.push(newDomainEvent('holding.closed', customer.customerNo, { ...ref, closedOn: written.closedOn }, now));
        await appendToOutbox(m, events);
        return written;
      });
    } catch (err) {
      if (duplicateKeyOf(err)) return fail({ contractNo: { message: `계약번호 ${h.contractNo}은(는) 이미 있습니다`, type: 'duplicate' } });
      throw err;
    }
    await this.outbox.kick();
    return { ok: true, entity: saved };
  }

  /** Only the amount and the closing date change after opening; the rest is the contract. */
  async update(id: number, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Holding>> {
    const h = await this.ds.getRepository(Holding).findOneBy({ id });
    if (!h) return fail({}, `보유 상품 ${id}을(를) 찾을 수 없습니다`);
    if (h.closedOn) return fail({}, '해지된 계약은 수정할 수 없습니다');
    const parsed = holdingInputSchema.safeParse({
      ...payload,
      customerId: h.customerId,
      productVersionId: h.productVersionId,
      openedOn: h.openedOn,
      contractNo: h.contractNo,
      branchCode: h.branchCode,
      amount: payload.amount ?? h.amount,
    });
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    if (parsed.data.closedOn && parsed.data.closedOn > seoulDate(now)) return fail({ closedOn: { message: '해지일은 오늘 이후일 수 없습니다', type: 'range' } });
    const amountChanged = String(parsed.data.amount) !== String(h.amount);
    h.amount = parsed.data.amount;
    h.closedOn = parsed.data.closedOn ?? null;
    const saved = await this.ds.transaction(async (m) => {
      const written = await m.save(h);
      if (!amountChanged && !written.closedOn) return written;
      const [ref]: Array<{ customer_no: string; type: ProductType }> = await m.query('SELECT c.customer_no, p.type FROM customer c JOIN product p ON p.id = ? WHERE c.id = ?', [
        written.productId,
        written.customerId,
      ]);
      const payload = { holdingId: written.id, customerId: written.customerId, productId: written.productId, productVersionId: written.productVersionId, productType: ref!.type };
      const events: DomainEvent[] = [];
      if (amountChanged) events.push(newDomainEvent('holding.changed', ref!.customer_no, { ...payload, fields: ['amount'] }, now));
      if (written.closedOn) events.push(newDomainEvent('holding.closed', ref!.customer_no, { ...payload, closedOn: written.closedOn }, now));
      await appendToOutbox(m, events);
      return written;
    });
    await this.outbox.kick();
    return { ok: true, entity: saved };
  }
}
