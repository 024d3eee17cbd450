import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { StaffRole } from '../../resources/staff/staff-role.js';

/**
 * Who may do what: the single source of truth for authorisation. AdminJS
 * actions, custom pages and any HTTP API ask this module, server-side.
 * Rules about a record's state (only a draft is edited, the approver is not
 * the author) are domain rules, checked by the services on top of this.
 *
 * Actions: read (list, show, search), create, update, delete, and the domain
 * verbs of the lifecycles: submit, approve, publish, suspend, terminate
 * (product versions, disclosures), changeStatus and unmask (customers);
 * publish on a Segment also covers archiving it; publish on a Journey also
 * covers pausing, resuming and archiving it (every lifecycle move of a
 * journey). MessageTemplate: approve also covers rejecting a template,
 * terminate on it is retiring an approved one. ServiceToken: the bearer tokens bank systems start API-entry
 * journeys with; delete on a ServiceToken is revoking it.
 */
export type AppAction = 'manage' | 'read' | 'create' | 'update' | 'delete' | 'submit' | 'approve' | 'publish' | 'suspend' | 'terminate' | 'changeStatus' | 'unmask';
export type AppSubject =
  | 'Staff'
  | 'AuditLog'
  | 'Customer'
  | 'BehaviourEvent'
  | 'CustomerContact'
  | 'Branch'
  | 'Product'
  | 'ProductVersion'
  | 'RateTier'
  | 'Disclosure'
  | 'Holding'
  | 'Segment'
  | 'SegmentVersion'
  | 'Journey'
  | 'ServiceToken'
  | 'MessageTemplate'
  | 'Message'
  | 'SentBox'
  | 'all';
export type AppAbility = MongoAbility<[AppAction, AppSubject]>;

export interface AbilityUser {
  id: number;
  role: StaffRole;
}

const catalogue: AppSubject[] = ['Product', 'ProductVersion', 'RateTier', 'Disclosure'];
const segments: AppSubject[] = ['Segment', 'SegmentVersion'];

/** Grants per role. Anything not granted is denied. */
const grants: Record<StaffRole, (can: AbilityBuilder<AppAbility>['can']) => void> = {
  // IT administration: staff accounts and branches; reads the business data it supports.
  admin: (can) => {
    can(['read', 'create', 'update', 'delete'], 'Staff');
    can(['read', 'create', 'update'], 'Branch');
    can('read', ['AuditLog', 'Customer', 'BehaviourEvent', 'Holding', ...catalogue, ...segments, 'Journey', 'MessageTemplate']);
    // Issues and revokes the tokens bank systems call the journey start API with (never edits one: a token is replaced).
    can(['read', 'create', 'delete'], 'ServiceToken');
    can('read', ['Message', 'SentBox']);
  },
  // Builds segments and journeys: customers (masked), behaviour, the catalogue and who holds what.
  marketer: (can) => {
    can('read', ['Customer', 'BehaviourEvent', 'Holding', 'Branch', ...catalogue]);
    can(['read', 'create', 'update', 'delete', 'publish'], 'Segment');
    can('read', 'SegmentVersion');
    can(['read', 'create', 'update', 'delete', 'publish'], 'Journey');
    can(['read', 'create', 'update', 'submit'], 'MessageTemplate');
    can('read', ['Message', 'SentBox']);
  },
  // Oversight and the checker of maker-checker: reads everything, approves
  // catalogue changes, may stop a product and see a customer's contact details.
  compliance: (can) => {
    can('read', ['AuditLog', 'Customer', 'BehaviourEvent', 'Staff', 'CustomerContact', 'Holding', 'Branch', ...catalogue, ...segments, 'Journey', 'MessageTemplate']);
    can('approve', ['ProductVersion', 'Disclosure', 'MessageTemplate']);
    can('terminate', 'MessageTemplate');
    can('suspend', 'ProductVersion');
    can('unmask', 'Customer');
    can('read', ['Message', 'SentBox']);
  },
  // Sales management: staff, customers (masked) and sales of the business.
  manager: (can) => {
    can('read', ['Staff', 'Customer', 'BehaviourEvent', 'CustomerContact', 'Holding', 'Branch', ...catalogue, ...segments, 'Journey', 'MessageTemplate']);
    can('read', 'Message');
  },
  // Front office: maintains customers and their holdings, logs contacts; never deletes.
  banker: (can) => {
    can(['read', 'create', 'update', 'changeStatus', 'unmask'], 'Customer');
    can(['read', 'create'], 'CustomerContact');
    can(['read', 'create', 'update'], 'Holding');
    can('read', ['BehaviourEvent', 'Branch', ...catalogue]);
    // The messages of the customers they serve (the same customers they read).
    can('read', 'Message');
  },
  // Product managers: the makers of the catalogue (products, versions, rate tables, disclosures).
  product: (can) => {
    can(['read', 'create', 'update', 'delete'], ['Product', 'ProductVersion', 'RateTier']);
    can(['read', 'create', 'update', 'submit'], 'Disclosure');
    can(['submit', 'publish', 'suspend', 'terminate'], 'ProductVersion');
    can('read', ['Holding', 'Branch']);
  },
};

export function defineAbilityFor(user: AbilityUser | null | undefined): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (user && user.role in grants) grants[user.role](builder.can);
  return builder.build();
}
