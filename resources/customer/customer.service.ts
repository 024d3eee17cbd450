import { In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { Customer } from './customer.entity.js';
import { CustomerStatusHistory } from './customer-status-history.entity.js';
import { customerInputSchema, type CustomerInput } from './customer-input.schema.js';
import { fieldErrorsOf, type FieldErrors } from '../shared/field-errors.js';
import { maskEmail, maskMobile } from './contact-format.util.js';
import { decideStatusChange } from './customer-status-rules.js';
import { fieldError, t } from '../shared/bilingual.js';
import type { CustomerStatus } from './customer-status.js';
import { Branch } from '../branch/branch.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { CustomerContact } from '../contact/contact.entity.js';
import { writeAudit } from '../audit/audit-writer.js';
import { currentActor } from '../../engine/context/request-context.js';
import type { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { duplicateKeyOf, fail, seoulDate, type WriteResult } from '../shared/write-result.js';
import { appendToOutbox } from '../../engine/outbox/append-to-outbox.js';
import { newDomainEvent } from '../../engine/outbox/new-domain-event.js';
import { noOutboxKick, type OutboxKick } from '../../engine/outbox/outbox-kick.js';
import type { DomainEvent } from '../../engine/definitions/domain-events/index.js';

const piiColumns = ['mobileEnc', 'mobileHash', 'emailEnc', 'emailHash'] as const;
const consentFields = [
  ['consentSms', 'consentSmsAt'],
  ['consentEmail', 'consentEmailAt'],
  ['consentPush', 'consentPushAt'],
  ['consentNight', 'consentNightAt'],
] as const;

/** The attributes a customer.changed event may name, in this order (names only, never values). */
const trackedFields = [
  'name',
  'nameEn',
  'gender',
  'birthDate',
  'mobile',
  'email',
  'region',
  'branchCode',
  'segmentLabel',
  'propensity',
  'riskGrade',
  'assignedStaffId',
  'consentSms',
  'consentEmail',
  'consentPush',
  'consentNight',
] as const;
type TrackedField = (typeof trackedFields)[number];
/** What anonymisation erases, as customer.changed names it. */
const anonymisedFields: TrackedField[] = ['name', 'nameEn', 'gender', 'birthDate', 'mobile', 'email'];

/** Comparable values of the tracked fields (contact details by their keyed hash: the ciphertext changes on every write). */
function trackedValues(c: Customer): Record<TrackedField, unknown> {
  const { mobileHash: mobile, emailHash: email } = c;
  return Object.fromEntries(trackedFields.map((f) => [f, f === 'mobile' ? mobile : f === 'email' ? email : c[f]])) as Record<TrackedField, unknown>;
}

/** Placeholder left in place of a name once personal data is anonymised. */
export const anonymisedName = '탈퇴고객';
/** Placeholder left in place of a contact note (free text by staff, so possibly personal) once erased. */
export const erasedContactNote = '(보존기간 경과로 파기됨)';

/**
 * Every write to a customer goes through here (AdminJS actions and seeds):
 * validation, normalisation, encryption, duplicate detection and the status
 * lifecycle, each write in one transaction with its audit and history rows
 * and its domain events (customer.changed, customer.statusChanged: names of
 * changed fields, never values), after which the outbox relay is kicked and
 * awaited (bounded), so its subscribers (segment re-evaluation) have run
 * when the console shows the result.
 */
export class CustomerService {
  constructor(
    private readonly ds: DataSource,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxKick = noOutboxKick,
  ) {}

  async create(payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Customer>> {
    const parsed = customerInputSchema(seoulDate(now)).safeParse(payload);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const input = parsed.data;
    const customer = new Customer();
    customer.customerNo = input.customerNo ?? generatedCustomerNo(now);
    customer.status = 'ACTIVE';
    customer.statusChangedAt = now;
    this.apply(customer, input, now);
    const fields = trackedFields.filter((f) => input[f] !== undefined && input[f] !== null);
    return this.persist(customer, input, async (m, saved) => {
      await m.insert(CustomerStatusHistory, {
        customerId: saved.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        reason: '신규 등록',
        actorId: currentActor().id,
        actorEmail: currentActor().email,
        changedAt: now,
      });
      await appendToOutbox(m, [newDomainEvent('customer.changed', saved.customerNo, { customerId: saved.id, change: 'created', fields }, now)]);
    });
  }

  async update(id: number, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<Customer>> {
    const existing = await this.loadWithPii(this.ds.manager, id);
    if (!existing) return fail({}, `고객 ${id}을(를) 찾을 수 없습니다`, `Customer ${id} was not found`);
    if (existing.anonymisedAt) return fail({}, t('개인정보가 파기된 탈퇴 고객은 수정할 수 없습니다', 'A withdrawn customer whose personal data was erased cannot be changed'));
    const body = { ...payload };
    // The form shows masked contact details; sending them back unchanged means "keep".
    if (body.mobile === existing.mobileMasked && existing.mobileMasked) delete body.mobile;
    if (body.email === existing.emailMasked && existing.emailMasked) delete body.email;
    if (body.customerNo !== undefined && body.customerNo !== '' && body.customerNo !== existing.customerNo) {
      return fail({ customerNo: fieldError('immutable', '고객번호는 변경할 수 없습니다', 'The customer number cannot be changed') });
    }
    delete body.customerNo;
    if (body.name === undefined) body.name = existing.name;
    const parsed = customerInputSchema(seoulDate(now)).safeParse(body);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    if (existing.status === 'WITHDRAWN') {
      const regranted = consentFields.filter(([flag]) => parsed.data[flag] === true && !existing[flag]);
      if (regranted.length) {
        return fail(
          Object.fromEntries(
            regranted.map(([flag]) => [
              flag,
              fieldError('state', '탈퇴한 고객에게는 마케팅 동의를 다시 받을 수 없습니다', 'A withdrawn customer cannot consent to marketing again'),
            ]),
          ),
        );
      }
    }
    const before = { mobileHash: existing.mobileHash, emailHash: existing.emailHash };
    const valuesBefore = trackedValues(existing);
    this.apply(existing, pick(parsed.data, body), now);
    const valuesAfter = trackedValues(existing);
    const fields = trackedFields.filter((f) => valuesBefore[f] !== valuesAfter[f]);
    // Ciphertexts are re-encrypted with a fresh IV on every apply; when the value
    // itself did not change, leave the stored columns (and the audit trail) alone.
    if (existing.mobileHash === before.mobileHash) {
      delete (existing as Partial<Customer>).mobileEnc;
      delete (existing as Partial<Customer>).mobileHash;
    }
    if (existing.emailHash === before.emailHash) {
      delete (existing as Partial<Customer>).emailEnc;
      delete (existing as Partial<Customer>).emailHash;
    }
    return this.persist(existing, parsed.data, async (m, saved) => {
      if (fields.length === 0) return;
      await appendToOutbox(m, [newDomainEvent('customer.changed', saved.customerNo, { customerId: saved.id, change: 'updated', fields }, now)]);
    });
  }

  /**
   * Moves a customer along the status lifecycle; WITHDRAWN also revokes every
   * marketing consent, and being final it needs the customer number typed
   * again (`confirmWithdrawal`), whoever calls. Every fault at once, as field errors in both languages.
   */
  async changeStatus(id: number, to: string, reason: string, confirmWithdrawal = '', now = new Date()): Promise<WriteResult<Customer>> {
    const result = await this.ds.transaction(async (m): Promise<WriteResult<Customer>> => {
      const c = await m.findOne(Customer, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) return fail({}, `고객 ${id}을(를) 찾을 수 없습니다`, `Customer ${id} was not found`);
      const decision = decideStatusChange(c.status, to, reason, { customerNo: c.customerNo, typed: confirmWithdrawal });
      if (!decision.ok) {
        const first = decision.errors.status ?? decision.errors.comment ?? decision.errors.confirmWithdrawal!;
        return fail(decision.errors, first.message, first.en);
      }
      const from = c.status;
      c.status = to as CustomerStatus;
      c.statusChangedAt = now;
      const revoked: TrackedField[] = [];
      if (to === 'WITHDRAWN') {
        c.withdrawnAt = now;
        // The look-up hashes go at once, so the person may rejoin as a new
        // customer with the same number; the ciphertexts stay until the
        // retention period ends (anonymiseExpired).
        c.mobileHash = null;
        c.emailHash = null;
        for (const [flag, at] of consentFields)
          if (c[flag]) {
            c[flag] = false;
            c[at] = now;
            revoked.push(flag);
          }
      }
      await m.save(c);
      const actor = currentActor();
      const history = await m.insert(CustomerStatusHistory, {
        customerId: id,
        fromStatus: from,
        toStatus: c.status,
        reason: reason.trim().slice(0, 500),
        actorId: actor.id,
        actorEmail: actor.email,
        changedAt: now,
      });
      // The reason is free text and stays in customer_status_history; the event carries that row's id.
      const events: DomainEvent[] = [
        newDomainEvent(
          'customer.statusChanged',
          c.customerNo,
          {
            customerId: id,
            from,
            to: c.status,
            statusHistoryId: String(history.identifiers[0]!.id),
          },
          now,
        ),
      ];
      if (revoked.length > 0) events.push(newDomainEvent('customer.changed', c.customerNo, { customerId: id, change: 'updated', fields: revoked }, now));
      await appendToOutbox(m, events);
      return { ok: true as const, entity: c };
    });
    if (result.ok) await this.outbox.kick();
    return result;
  }

  /** Decrypts one customer's contact details for the current actor, and records that they saw them. */
  async unmask(id: number, now = new Date()): Promise<{ customerNo: string; name: string; mobile: string | null; email: string | null; birthDate: string | null } | null> {
    return this.ds.transaction(async (m) => {
      const c = await this.loadWithPii(m, id);
      if (!c) return null;
      await writeAudit(m, { action: 'pii.unmask', resource: 'Customer', recordId: id, detail: `unmasked mobile, email, name, birth date of ${c.customerNo}` }, now);
      return {
        customerNo: c.customerNo,
        name: c.name,
        mobile: c.mobileEnc ? this.cipher.decrypt(c.mobileEnc) : null,
        email: c.emailEnc ? this.cipher.decrypt(c.emailEnc) : null,
        birthDate: c.birthDate,
      };
    });
  }

  /**
   * Erases the personal data of customers withdrawn more than `retentionDays`
   * ago: name, birth date, contact details and the notes of their contact log
   * (staff write free text there). The business record stays: customer
   * number, holdings, status history, and each contact's who/when/channel.
   * Returns how many customers were anonymised.
   */
  async anonymiseExpired(retentionDays: number, now = new Date(), batch = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
    const due = await this.ds.getRepository(Customer).find({
      select: { id: true, customerNo: true },
      where: { status: 'WITHDRAWN', withdrawnAt: LessThan(cutoff), anonymisedAt: IsNull() },
      take: batch,
    });
    if (due.length === 0) return 0;
    await this.ds.transaction(async (m) => {
      await m.update(
        Customer,
        { id: In(due.map((c) => c.id)) },
        {
          name: anonymisedName,
          nameEn: null,
          gender: null,
          birthDate: null,
          mobileEnc: null,
          mobileHash: null,
          mobileMasked: null,
          emailEnc: null,
          emailHash: null,
          emailMasked: null,
          anonymisedAt: now,
        },
      );
      await m.update(CustomerContact, { customerId: In(due.map((c) => c.id)) }, { note: erasedContactNote });
      for (const c of due) {
        await writeAudit(m, { action: 'pii.anonymise', resource: 'Customer', recordId: c.id, detail: `retention of ${retentionDays} days ended for ${c.customerNo}` }, now);
      }
      await appendToOutbox(
        m,
        due.map((c) => newDomainEvent('customer.changed', c.customerNo, { customerId: c.id, change: 'anonymised', fields: anonymisedFields }, now)),
      );
    });
    void this.outbox.kick();
    return due.length;
  }

  private async loadWithPii(m: EntityManager, id: number): Promise<Customer | null> {
    return m
      .getRepository(Customer)
      .createQueryBuilder('c')
      .addSelect(piiColumns.map((p) => `c.${p}`))
      .where('c.id = :id', { id })
      .getOne();
  }

  /** Copies validated input onto the entity, encrypting and hashing contact details. */
  private apply(c: Customer, input: Partial<CustomerInput>, now: Date): void {
    if (input.name !== undefined) c.name = input.name;
    if ('nameEn' in input) c.nameEn = input.nameEn ?? null;
    if ('gender' in input) c.gender = input.gender ?? null;
    if ('birthDate' in input) c.birthDate = input.birthDate ?? null;
    if ('region' in input) c.region = input.region ?? null;
    if ('branchCode' in input) c.branchCode = input.branchCode ?? null;
    if ('segmentLabel' in input) c.segmentLabel = input.segmentLabel ?? null;
    if ('propensity' in input) {
      const next = input.propensity ?? null;
      // A changed 투자성향 is a new assessment; re-saving the same value keeps its date.
      if (next !== c.propensity || (next && !c.propensityAssessedAt)) c.propensityAssessedAt = next ? now : null;
      c.propensity = next;
    }
    if (input.riskGrade !== undefined) c.riskGrade = input.riskGrade;
    if ('assignedStaffId' in input) c.assignedStaffId = input.assignedStaffId ?? null;
    if ('mobile' in input) {
      c.mobileEnc = input.mobile ? this.cipher.encrypt(input.mobile) : null;
      c.mobileHash = input.mobile ? this.cipher.lookupHash('mobile', input.mobile) : null;
      c.mobileMasked = input.mobile ? maskMobile(input.mobile) : null;
    }
    if ('email' in input) {
      c.emailEnc = input.email ? this.cipher.encrypt(input.email) : null;
      c.emailHash = input.email ? this.cipher.lookupHash('email', input.email) : null;
      c.emailMasked = input.email ? maskEmail(input.email) : null;
    }
    for (const [flag, at] of consentFields) {
      const v = input[flag];
      if (v === undefined || c[flag] === v) continue;
      // The date records when consent was given or withdrawn; a new customer who never gave it has none.
      const wasUnset = c[flag] === undefined;
      c[flag] = v;
      c[at] = wasUnset && !v ? null : now;
    }
  }

  private async persist(c: Customer, input: CustomerInput, after?: (m: EntityManager, saved: Customer) => Promise<void>): Promise<WriteResult<Customer>> {
    const refErrors = await this.referenceErrors(input);
    const dupErrors = await this.duplicateErrors(c);
    const errors = { ...refErrors, ...dupErrors };
    if (Object.keys(errors).length) return fail(errors);
    try {
      const saved = await this.ds.transaction(async (m) => {
        const s = await m.save(c);
        if (after) await after(m, s);
        return s;
      });
      await this.outbox.kick();
      return { ok: true, entity: saved };
    } catch (err) {
      // Two writers raced past the duplicate check: the unique keys decide.
      const key = duplicateKeyOf(err);
      if (!key) throw err;
      const field = key.includes('mobile') ? 'mobile' : key.includes('email') ? 'email' : 'customerNo';
      return fail({ [field]: fieldError('duplicate', '방금 다른 고객에 같은 값이 등록되었습니다', 'Another customer was just registered with the same value') });
    }
  }

  private async referenceErrors(input: CustomerInput): Promise<FieldErrors> {
    const errors: FieldErrors = {};
    if (input.branchCode && !(await this.ds.getRepository(Branch).existsBy({ code: input.branchCode }))) {
      errors.branchCode = { message: `영업점 ${input.branchCode}이(가) 없습니다`, type: 'reference' };
    }
    if (input.assignedStaffId && !(await this.ds.getRepository(Staff).existsBy({ id: input.assignedStaffId, active: true }))) {
      errors.assignedStaffId = { message: `재직 중인 직원 ${input.assignedStaffId}이(가) 없습니다`, type: 'reference' };
    }
    return errors;
  }

  /** Same customer number, mobile or e-mail on another customer: named in the error. */
  private async duplicateErrors(c: Customer): Promise<FieldErrors> {
    const qb = this.ds
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select(['c.id', 'c.customerNo'])
      .addSelect(['c.mobileHash', 'c.emailHash'])
      .where('(c.customerNo = :no OR c.mobileHash = :mh OR c.emailHash = :eh)', { no: c.customerNo, mh: c.mobileHash ?? '-', eh: c.emailHash ?? '-' });
    if (c.id) qb.andWhere('c.id <> :id', { id: c.id });
    const others = await qb.limit(5).getMany();
    const errors: FieldErrors = {};
    for (const o of others) {
      if (o.customerNo === c.customerNo) errors.customerNo = { message: `이미 고객 ${o.customerNo}의 고객번호입니다`, type: 'duplicate' };
      if (c.mobileHash && o.mobileHash === c.mobileHash) errors.mobile = { message: `이미 고객 ${o.customerNo}에 등록된 휴대폰 번호입니다`, type: 'duplicate' };
      if (c.emailHash && o.emailHash === c.emailHash) errors.email = { message: `이미 고객 ${o.customerNo}에 등록된 이메일입니다`, type: 'duplicate' };
    }
    return errors;
  }
}

/** Only the fields the caller actually sent, so a partial API update leaves the rest alone. */
function pick(input: CustomerInput, sent: Record<string, unknown>): Partial<CustomerInput> {
  return Object.fromEntries(Object.entries(input).filter(([k]) => k in sent)) as Partial<CustomerInput>;
}

function generatedCustomerNo(now: Date): string {
  return `C${String(now.getTime()).slice(-8)}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
}
