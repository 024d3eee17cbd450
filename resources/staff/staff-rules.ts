import type { FieldErrors } from '../shared/field-errors.js';
import type { StaffRole } from './staff-role.js';

/** The parts of an account that decide what its holder may do. */
export interface AccountState {
  role: StaffRole;
  active: boolean;
}

/**
 * An administrator cannot lock themselves out: no demoting, deactivating
 * (here) or deleting (below) their own account, whatever the path (form,
 * API, bulk action). Someone else must do it.
 */
export function selfEditErrors(actorId: number | null, targetId: number, before: AccountState, after: AccountState): FieldErrors {
  if (actorId === null || actorId !== targetId) return {};
  const errors: FieldErrors = {};
  if (after.role !== before.role) errors.role = { message: 'cannotChangeOwnRole', type: 'selfProtection' };
  if (before.active && !after.active) errors.active = { message: 'cannotDeactivateSelf', type: 'selfProtection' };
  return errors;
}

export function includesSelf(actorId: number | null, targetIds: number[]): boolean {
  return actorId !== null && targetIds.includes(actorId);
}

/**
 * Why an edit ends the account's other sessions, or null: a new password (a
 * stolen one stops working for sessions already open with it), a different
 * role (sessions were granted under the old one), or deactivation.
 */
export function sessionEndingReason(before: AccountState, after: AccountState, passwordChanged: boolean): 'password' | 'role' | 'deactivated' | null {
  if (passwordChanged) return 'password';
  if (after.role !== before.role) return 'role';
  if (before.active && !after.active) return 'deactivated';
  return null;
}
