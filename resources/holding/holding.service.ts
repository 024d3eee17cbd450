import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Holding } from './holding.entity.js';
import { Customer } from '../customer/customer.entity.js';
import { Product } from '../product/product.entity.js';
import { ProductVersion } from '../product/product-version.entity.js';
import { Branch } from '../branch/branch.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { parseHoldingFields } from './holding-input.schema.js';
import { fieldError, t, type FieldError } from '../shared/bilingual.js';
import { checkSuitability } from '../../engine/recommendation/suitability.js';
import { checkEligibility } from '../../engine/recommendation/eligibility.js';
import { currentActor } from '../../engine/context/request-context.js';
import { duplicateKeyOf, fail, seoulDate, type WriteResult } from '../shared/write-result.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { newDomainEvent } from '../../engine/outbox/new-domain-event.js';
import { noOutboxKick, type OutboxKick } from '../../engine/outbox/outbox-kick.js';
import type { DomainEvent } from '../../engine/definitions/domain-events/index.js';
import type { ProductType } from '../product/product-attributes.js';

/**
 * Selling (opening) and closing holdings. A new holding must be of a version
 * on sale now, for a customer who has not withdrawn, suitable for the
 * customer's investment propensity and within the version's 가입 대상
 * (eligibility: age, gender, region); the seller is the logged-in staff member.
 * Every refusal is a field error in both languages, all of them at once.
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
    // Every field is checked, and every fault reported at once (field errors in both languages).
    const { values: input, errors } = parseHoldingFields(payload, ['contractNo', 'customerId', 'productVersionId', 'branchCode', 'amount', 'openedOn', 'closedOn']);
    const err = (field: string, e: FieldError) => {
      errors[field] ??= e;
    };
    const today = seoulDate(now);
    if (input.openedOn && input.openedOn > today) err('openedOn', fieldError('range', '신규일은 오늘 이후일 수 없습니다', 'The opening date cannot be after today'));
    if (input.openedOn && input.closedOn && input.closedOn < input.openedOn)
      err('closedOn', fieldError('range', '해지일이 신규일보다 빠릅니다', 'The closing date is before the opening date'));
    if (input.amount !== undefined && BigInt(input.amount) <= 0n) err('amount', fieldError('range', '금액은 0보다 커야 합니다', 'The amount must be more than zero'));

    const customer = input.customerId ? await this.ds.getRepository(Customer).findOneBy({ id: input.customerId }) : null;
    if (input.customerId && !customer) err('customerId', fieldError('reference', `고객 ${input.customerId}이(가) 없습니다`, `There is no customer ${input.customerId}`));
    if (customer?.status === 'WITHDRAWN') {
      err(
        'customerId',
        fieldError('state', `탈퇴한 고객(${customer.customerNo})에게는 판매할 수 없습니다`, `Nothing can be sold to a withdrawn customer (${customer.customerNo})`),
      );
    }
    const version = input.productVersionId ? await this.ds.getRepository(ProductVersion).findOneBy({ id: input.productVersionId }) : null;
    const product = version ? await this.ds.getRepository(Product).findOneBy({ id: version.productId }) : null;
    if (input.productVersionId && !version) {
      err('productVersionId', fieldError('reference', `상품 버전 ${input.productVersionId}이(가) 없습니다`, `There is no product version ${input.productVersionId}`));
    } else if (version && !product) {
      err('productVersionId', fieldError('state', '삭제된 상품입니다', 'The product was deleted'));
    } else if (version && version.status !== 'PUBLISHED') {
      err('productVersionId', fieldError('state', '게시(판매) 중인 버전만 가입시킬 수 있습니다', 'Only a version on sale (published) can be opened'));
    }
    if (version && input.openedOn && (input.openedOn < version.validFrom || (version.validTo && input.openedOn > version.validTo))) {
      err(
        'openedOn',
        fieldError(
          'range',
          `신규일은 이 버전의 판매 기간(${version.validFrom}~${version.validTo ?? ''}) 안이어야 합니다`,
          `The opening date must be within the version's sale period (${version.validFrom} to ${version.validTo ?? 'open-ended'})`,
        ),
      );
    }
    if (customer && version && product) {
      // Both rules, each in plain words: the seller sees every reason the customer may not buy it.
      const reasons = saleRefusals(customer, version, product, input.openedOn ?? today);
      if (reasons) err('productVersionId', fieldError(reasons.type, reasons.ko, reasons.en));
    }

    const actor = currentActor();
    const seller = actor.id ? await this.ds.getRepository(Staff).findOneBy({ id: actor.id }) : null;
    const branchCode = input.branchCode ?? seller?.branchCode ?? customer?.branchCode ?? null;
    if (!errors.branchCode) {
      if (!branchCode) err('branchCode', fieldError('required', '판매 영업점을 선택하세요', 'Choose the selling branch'));
      else if (!(await this.ds.getRepository(Branch).existsBy({ code: branchCode })))
        err('branchCode', fieldError('reference', `영업점 ${branchCode}이(가) 없습니다`, `There is no branch ${branchCode}`));
    }
    if (Object.keys(errors).length || !customer || !version || !product || !branchCode || !input.amount || !input.openedOn) return fail(errors);

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
    } catch (e) {
      if (duplicateKeyOf(e))
        return fail({ contractNo: fieldError('duplicate', `계약번호 ${h.contractNo}은(는) 이미 있습니다`, `The contract number ${h.contractNo} already exists`) });
      throw e;
    }
    await this.outbox.kick();
    return { ok: true, entity: saved };
  }

  /** Only the amount and the closing date change after opening; the rest is the contract. */
  async update(id: number, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Holding>> {
    const h = await this.ds.getRepository(Holding).findOneBy({ id });
    if (!h) return fail({}, `보유 상품 ${id}을(를) 찾을 수 없습니다`, `Holding ${id} was not found`);
    if (h.closedOn) return fail({}, t('해지된 계약은 수정할 수 없습니다', 'A closed contract cannot be changed'));
    const { values, errors } = parseHoldingFields({ amount: payload.amount ?? h.amount, closedOn: payload.closedOn }, ['amount', 'closedOn']);
    if (values.amount !== undefined && BigInt(values.amount) <= 0n) errors.amount ??= fieldError('range', '금액은 0보다 커야 합니다', 'The amount must be more than zero');
    if (values.closedOn && values.closedOn > seoulDate(now)) errors.closedOn ??= fieldError('range', '해지일은 오늘 이후일 수 없습니다', 'The closing date cannot be after today');
    if (values.closedOn && values.closedOn < h.openedOn) errors.closedOn ??= fieldError('range', '해지일이 신규일보다 빠릅니다', 'The closing date is before the opening date');
    if (Object.keys(errors).length || values.amount === undefined) return fail(errors);
    const amountChanged = String(values.amount) !== String(h.amount);
    h.amount = values.amount;
    h.closedOn = values.closedOn ?? null;
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

/**
 * Why `customer` may not buy `version` of `product` on `day` (suitability,
 * then eligibility, both when both fail), in both languages; null when they
 * may. The sale form flags with the same function before saving.
 */
export function saleRefusals(
  customer: Pick<Customer, 'propensity' | 'birthDate' | 'gender' | 'region'>,
  version: Pick<ProductVersion, 'minAge' | 'maxAge' | 'eligibleGender' | 'eligibleRegions'>,
  product: { type: string; riskGrade: number | string },
  day: string,
): { type: 'suitability' | 'eligibility'; ko: string; en: string } | null {
  const suitable = checkSuitability(customer.propensity, product.type, Number(product.riskGrade));
  const eligible = checkEligibility(
    { minAge: version.minAge ?? null, maxAge: version.maxAge ?? null, eligibleGender: version.eligibleGender ?? null, eligibleRegions: version.eligibleRegions ?? null },
    { birthDate: customer.birthDate ? String(customer.birthDate).slice(0, 10) : null, gender: customer.gender ?? null, region: customer.region ?? null },
    day,
  );
  const ko: string[] = [];
  const en: string[] = [];
  if (!suitable.ok) {
    ko.push(suitable.ko);
    en.push(suitable.en);
  }
  if (!eligible.ok) {
    ko.push(`가입 대상이 아닙니다: ${eligible.ko}`);
    en.push(`Not eligible: ${eligible.en}`);
  }
  if (!ko.length) return null;
  return { type: suitable.ok ? 'eligibility' : 'suitability', ko: ko.join('. '), en: en.join('. ') };
}
