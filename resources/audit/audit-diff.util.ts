import type { AuditDiff } from './audit-log.entity.js';

/** Fields whose values never enter the audit trail, only the fact they changed. */
const secretFields = new Set(['passwordHash', 'password']);

/**
 * Per entity, personal data kept out of the trail the same way (ciphertexts,
 * keyed hashes, name, birth date, contact notes). The masked contact forms stay, so a
 * reviewer still sees which number or address replaced which.
 */
const personalFields: Record<string, string[]> = {
  Customer: ['mobileEnc', 'mobileHash', 'emailEnc', 'emailHash', 'name', 'nameEn', 'birthDate'],
  // Free text about a customer: it would outlive its erasure in the trail.
  CustomerContact: ['note'],
};

/** The fields of `entity` whose values the audit trail must not hold. */
export function redactedFieldsFor(entity: string): Set<string> {
  return new Set([...secretFields, ...(personalFields[entity] ?? [])]);
}

/** Fields that change on every write and would only add noise. */
const ignoredFields = new Set(['updatedAt', 'createdAt']);

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

/**
 * Field-level difference between two versions of a record. `before` null
 * means created, `after` null means deleted. Secrets appear as `[redacted]`.
 */
export function auditDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields: string[], redacted: Set<string> = secretFields): AuditDiff {
  const diff: AuditDiff = {};
  for (const field of fields) {
    if (ignoredFields.has(field)) continue;
    const from = before ? normalise(before[field]) : null;
    const to = after ? normalise(after[field]) : null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    // Secrets may not even be loaded (Staff.passwordHash is select: false), so
    // an existing record is taken to have had one: only "it changed" is recorded.
    diff[field] = redacted.has(field) ? { from: before ? '[redacted]' : null, to: after && to !== null ? '[redacted]' : null } : { from, to };
  }
  return diff;
}
