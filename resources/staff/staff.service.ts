import { In, type DataSource } from 'typeorm';
import { Staff } from './staff.entity.js';
import { staffCreateSchema, staffUpdateSchema, type StaffInput } from './staff-input.schema.js';
import { includesSelf, selfEditErrors, sessionEndingReason } from './staff-rules.js';
import { hashPassword } from './password.util.js';
import { Branch } from '../branch/branch.entity.js';
import { fieldErrorsOf, type FieldErrors } from '../shared/field-errors.js';
import { normaliseStaffEmail } from './staff-email.js';
import { duplicateKeyOf, fail, type WriteResult } from '../shared/write-result.js';

/** A staff write as the console sees it: the account (never its hash) and whether its other sessions were ended. */
export interface StaffWrite {
  staff: Staff;
  /** Set when the write ended every session of the account opened before this instant. */
  sessionsValidFrom: Date | null;
}

/** Field errors with AdminJS's own notice, translated like the field messages (admin/locale). */
const invalid = (errors: FieldErrors) => fail(errors, 'thereWereValidationErrors');

/** MariaDB's "row is referenced by a foreign key" (a staff member who sold, authored or serves something). */
const isReferenced = (err: unknown) => {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e.code ?? e.driverError?.code) === 'ER_ROW_IS_REFERENCED_2';
};

/**
 * Every console write to a staff account: validation (staff-input.schema.ts),
 * the self-protection of administrators, duplicate and reference checks with
 * field errors (never SQL text), and the end of the account's sessions when
 * its password, role or active flag changes. `new` always inserts: an `id` in
 * the payload is ignored, so it cannot overwrite an existing account.
 * Audit rows come from the audit subscriber in the same transaction.
 */
export class StaffService {
  constructor(private readonly ds: DataSource) {}

  async create(payload: Record<string, unknown>): Promise<WriteResult<StaffWrite>> {
    const parsed = staffCreateSchema.safeParse(payload);
    if (!parsed.success) return invalid(await this.withStoredErrors(fieldErrorsOf(parsed.error), payload, null));
    const input = parsed.data;
    const errors = { ...(await this.referenceErrors(input)), ...(await this.duplicateErrors(input.email, null)) };
    if (Object.keys(errors).length) return invalid(errors);
    const staff = new Staff();
    staff.email = input.email;
    staff.displayName = input.displayName;
    staff.role = input.role;
    staff.branchCode = input.branchCode ?? null;
    staff.active = input.active;
    staff.passwordHash = await hashPassword(input.password);
    return this.persist(async () => {
      const saved = await this.ds.transaction((m) => m.save(staff));
      return { staff: await this.load(saved.id), sessionsValidFrom: null };
    });
  }

  /** A partial update: fields not sent keep their value; an empty password keeps the current one. */
  async update(id: number, payload: Record<string, unknown>, actorId: number | null, now = new Date()): Promise<WriteResult<StaffWrite>> {
    const existing = await this.ds.getRepository(Staff).findOneBy({ id });
    if (!existing) return fail({}, 'recordNotFound');
    const base = { email: existing.email, displayName: existing.displayName, role: existing.role, branchCode: existing.branchCode ?? '', active: existing.active };
    const merged = { ...base, ...withoutUndefined(payload) };
    const parsed = staffUpdateSchema.safeParse(merged);
    if (!parsed.success) return invalid(await this.withStoredErrors(fieldErrorsOf(parsed.error), merged, id));
    const input = parsed.data;
    const selfErrors = selfEditErrors(actorId, id, existing, input);
    const errors = { ...selfErrors, ...(await this.referenceErrors(input)), ...(await this.duplicateErrors(input.email, id)) };
    if (Object.keys(errors).length) return invalid(errors);

    const endSessions = sessionEndingReason(existing, input, input.password !== undefined);
    existing.email = input.email;
    existing.displayName = input.displayName;
    existing.role = input.role;
    existing.branchCode = input.branchCode ?? null;
    existing.active = input.active;
    if (input.password !== undefined) existing.passwordHash = await hashPassword(input.password);
    return this.persist(async () => {
      await this.ds.transaction(async (m) => {
        await m.save(existing);
        // Raw SQL on purpose: the cut-off is bookkeeping of the sessions, not a
        // field of the account; the audit diff already shows the change that caused it.
        if (endSessions) await m.query('UPDATE staff SET sessions_valid_from = ? WHERE id = ?', [now, id]);
      });
      return { staff: await this.load(id), sessionsValidFrom: endSessions ? now : null };
    });
  }

  /** Deletes accounts (one or a bulk selection); refused as a whole when it includes the actor. */
  async remove(ids: number[], actorId: number | null): Promise<WriteResult<Staff[]>> {
    if (includesSelf(actorId, ids)) return fail({}, 'cannotDeleteSelf');
    const rows = await this.ds.getRepository(Staff).findBy({ id: In(ids) });
    if (rows.length !== ids.length) return fail({}, 'recordNotFound');
    try {
      await this.ds.transaction((m) => m.remove(rows));
      return { ok: true, entity: rows };
    } catch (err) {
      if (isReferenced(err)) return fail({}, 'staffInUse');
      throw err;
    }
  }

  private load(id: number): Promise<Staff> {
    // The hash is `select: false`: the record handed back to the console never carries it.
    return this.ds.getRepository(Staff).findOneByOrFail({ id });
  }

  /** Runs the write; a unique key hit by a concurrent writer becomes the same field error as the pre-check. */
  private async persist(write: () => Promise<StaffWrite>): Promise<WriteResult<StaffWrite>> {
    try {
      return { ok: true, entity: await write() };
    } catch (err) {
      if (duplicateKeyOf(err) === 'uq_staff_email') return invalid({ email: { message: 'emailTaken', type: 'duplicate' } });
      throw err;
    }
  }

  /**
   * A form with format errors also hears at once about the fields that are
   * well-formed but clash with stored data (unknown branch, e-mail taken),
   * so the staff member fixes everything in one go.
   */
  private async withStoredErrors(errors: FieldErrors, payload: Record<string, unknown>, ownId: number | null): Promise<FieldErrors> {
    const out = { ...errors };
    const branchCode = typeof payload.branchCode === 'string' ? payload.branchCode.trim() : '';
    if (!out.branchCode && branchCode) Object.assign(out, await this.referenceErrors({ branchCode } as StaffInput));
    if (!out.email && typeof payload.email === 'string') Object.assign(out, await this.duplicateErrors(normaliseStaffEmail(payload.email), ownId));
    return out;
  }

  private async referenceErrors(input: StaffInput): Promise<FieldErrors> {
    if (!input.branchCode || (await this.ds.getRepository(Branch).existsBy({ code: input.branchCode }))) return {};
    return { branchCode: { message: 'unknownBranch', type: 'reference' } };
  }

  /**
   * Another account with an e-mail the database holds equal (its collation
   * ignores case, accents and zero-width characters): a look-alike of an
   * existing login is refused as a duplicate.
   */
  private async duplicateErrors(email: string, ownId: number | null): Promise<FieldErrors> {
    const qb = this.ds.getRepository(Staff).createQueryBuilder('s').select('s.id').where('s.email = :email', { email });
    if (ownId !== null) qb.andWhere('s.id <> :id', { id: ownId });
    return (await qb.getExists()) ? { email: { message: 'emailTaken', type: 'duplicate' } } : {};
  }
}

const withoutUndefined = (payload: Record<string, unknown>) => Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
