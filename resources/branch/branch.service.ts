import type { DataSource } from 'typeorm';
import { Branch } from './branch.entity.js';
import { branchInputSchema } from './branch-input.schema.js';
import { fieldErrorsOf, type FieldErrors } from '../shared/field-errors.js';
import { duplicateKeyOf, fail, type WriteResult } from '../shared/write-result.js';

const invalid = (errors: FieldErrors) => fail(errors, 'thereWereValidationErrors');
const codeTaken = { code: { message: 'branchCodeTaken', type: 'duplicate' } };

/**
 * Console writes to branches. The code is the primary key, and AdminJS's
 * adapter saves with TypeORM's save(), which UPDATES the row when the key
 * exists: `new` with an existing code silently rewrote that branch. Here
 * `new` is an INSERT that refuses an existing code with a field error, and an
 * edit cannot change the code (staff, customers and sales point at it).
 * Audit rows come from the audit subscriber in the same transaction.
 */
export class BranchService {
  constructor(private readonly ds: DataSource) {}

  async create(payload: Record<string, unknown>): Promise<WriteResult<Branch>> {
    const parsed = branchInputSchema.safeParse(payload);
    if (!parsed.success) {
      // Every problem at once: a well-formed code already in use is reported with the other fields' errors.
      const errors = fieldErrorsOf(parsed.error);
      const code = typeof payload.code === 'string' ? payload.code.trim().toUpperCase() : '';
      if (!errors.code && code && (await this.ds.getRepository(Branch).existsBy({ code }))) Object.assign(errors, codeTaken);
      return invalid(errors);
    }
    const input = parsed.data;
    if (await this.ds.getRepository(Branch).existsBy({ code: input.code })) return invalid(codeTaken);
    try {
      await this.ds.transaction((m) => m.insert(Branch, input));
    } catch (err) {
      // A concurrent create of the same code: the primary key decides.
      if (duplicateKeyOf(err)) return invalid(codeTaken);
      throw err;
    }
    return { ok: true, entity: await this.ds.getRepository(Branch).findOneByOrFail({ code: input.code }) };
  }

  /** A partial update laid over the current values; the code stays. */
  async update(code: string, payload: Record<string, unknown>): Promise<WriteResult<Branch>> {
    const existing = await this.ds.getRepository(Branch).findOneBy({ code });
    if (!existing) return fail({}, 'recordNotFound');
    const sent = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    if (sent.code !== undefined && sent.code !== '' && String(sent.code).trim().toUpperCase() !== existing.code) {
      return invalid({ code: { message: 'branchCodeImmutable', type: 'immutable' } });
    }
    const parsed = branchInputSchema.safeParse({ ...existing, ...sent, code: existing.code });
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
    existing.name = parsed.data.name;
    existing.region = parsed.data.region;
    await this.ds.transaction((m) => m.save(existing));
    return { ok: true, entity: existing };
  }
}
