import type { CurrentAdmin } from 'adminjs';
import type { ExposurePolicy } from './exposure-policy.js';

/**
 * What of a record's params may leave the server for this staff member. Pure:
 * the policy says which fields are secret, which a reference may carry and
 * how the resource masks for a role; `canRead` is the CASL answer for the
 * record's subject.
 *
 * - Secret fields (hashes, ciphertexts) never leave, for any role.
 * - A role that may not read the resource gets the id, the title and the
 *   policy's reference fields only (e.g. a customer's number), masked.
 * - A role that may read it gets every other field, masked for the role.
 *
 * AdminJS params are flat (`a.b` keys for nested values), so a field is
 * matched with its nested keys.
 */
export function exposeParams(policy: ExposurePolicy, params: Record<string, unknown>, admin: CurrentAdmin | undefined, canRead: boolean): Record<string, unknown> {
  const keep = canRead ? null : new Set([policy.idProperty, policy.titleProperty, ...policy.referenceFields]);
  return pick(policy, params, admin, (field) => !keep || keep.has(field));
}

/**
 * A populated reference (a holding's customer, a contact's staff member):
 * only what is needed to show and link it — the id, the title and the
 * policy's reference fields — masked, and nothing beyond id and title for a
 * role that may not read the referenced resource.
 */
export function exposeReference(policy: ExposurePolicy, params: Record<string, unknown>, admin: CurrentAdmin | undefined, canRead: boolean): Record<string, unknown> {
  const keep = new Set([policy.idProperty, policy.titleProperty, ...(canRead ? policy.referenceFields : [])]);
  return pick(policy, params, admin, (field) => keep.has(field));
}

/** Secrets out, then the role's mask, then only the fields `keep` admits (the mask may add derived fields). */
function pick(policy: ExposurePolicy, params: Record<string, unknown>, admin: CurrentAdmin | undefined, keep: (field: string) => boolean) {
  const fieldOf = (key: string) => key.split('.')[0]!;
  const clean = Object.fromEntries(Object.entries(params).filter(([k]) => !policy.secret.has(fieldOf(k))));
  const masked = policy.mask ? policy.mask(clean, admin) : clean;
  return Object.fromEntries(Object.entries(masked).filter(([k]) => keep(fieldOf(k)) && !policy.secret.has(fieldOf(k))));
}
