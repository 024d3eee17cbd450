import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { StaffRole } from '../../resources/staff/staff-role.js';

/**
 * Who may do what: the single source of truth for authorisation. AdminJS
 * actions, custom pages and any HTTP API ask this module, server-side.
 *
 * Actions: read (list, show, search), create, update, delete, plus domain
 * verbs added by later features (approve, publish, unmask, ...).
 */
export type AppAction = 'manage' | 'read' | 'create' | 'update' | 'delete';
export type AppSubject = 'Staff' | 'AuditLog' | 'Customer' | 'BehaviourEvent' | 'all';
export type AppAbility = MongoAbility<[AppAction, AppSubject]>;

export interface AbilityUser {
  id: number;
  role: StaffRole;
}

/** Grants per role. Anything not granted is denied. */
const grants: Record<StaffRole, (can: AbilityBuilder<AppAbility>['can']) => void> = {
  // IT administration: staff accounts; reads the business data it supports.
  admin: (can) => {
    can(['read', 'create', 'update', 'delete'], 'Staff');
    can('read', ['AuditLog', 'Customer', 'BehaviourEvent']);
  },
  // Builds segments and journeys: reads customers and their behaviour.
  marketer: (can) => {
    can('read', ['Customer', 'BehaviourEvent']);
  },
  // Oversight: reads everything that shows what happened, changes nothing here.
  compliance: (can) => {
    can('read', ['AuditLog', 'Customer', 'BehaviourEvent', 'Staff']);
  },
  // Sales management: sees staff and customers of the business.
  manager: (can) => {
    can('read', ['Staff', 'Customer', 'BehaviourEvent']);
  },
  // Front office: maintains customers; never deletes (withdrawal is a status).
  banker: (can) => {
    can(['read', 'create', 'update'], 'Customer');
    can('read', 'BehaviourEvent');
  },
};

export function defineAbilityFor(user: AbilityUser | null | undefined): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (user && user.role in grants) grants[user.role](builder.can);
  return builder.build();
}
