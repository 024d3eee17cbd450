import { BaseRecord, type CurrentAdmin, type RecordJSON } from 'adminjs';
import { can } from './admin-actions.js';
import type { ExposurePolicy } from './exposure-policy.js';
import { exposeParams, exposeReference } from './record-exposure.js';

type ToJson = (this: BaseRecord, currentAdmin?: CurrentAdmin) => RecordJSON;

let policies = new Map<string, ExposurePolicy>();
let original: ToJson | null = null;

/**
 * AdminJS turns every record it sends to a browser into JSON through
 * `BaseRecord#toJSON(currentAdmin)`: lists, show and edit pages, search and
 * reference pickers, bulk actions, the records inside validation and
 * permission error bodies, and the references it populates (a holding's
 * customer, a contact's staff member). Securing that one method closes the
 * whole class of side doors at once instead of one hook per action:
 *
 * - the record's own params pass its resource's exposure policy (secrets
 *   removed, masked for the role, reduced to id and title when the role may
 *   not read the resource);
 * - each populated reference carries only id, title and the referenced
 *   resource's reference fields, masked by that resource's rules — never the
 *   referenced record's other fields.
 *
 * Installed once at start (admin-app.ts) with the policies of every resource.
 * A resource without a policy is exposed by id and title only.
 */
export function secureRecordJson(next: Map<string, ExposurePolicy>): void {
  policies = next;
  if (original) return;
  original = BaseRecord.prototype.toJSON as ToJson;
  const unsecured = original;
  BaseRecord.prototype.toJSON = function secureToJson(this: BaseRecord, currentAdmin?: CurrentAdmin): RecordJSON {
    const json = unsecured.call(this, currentAdmin);
    const own = policyOf(this);
    json.params = exposeParams(own, json.params, currentAdmin, canRead(own, currentAdmin));
    const populated: RecordJSON['populated'] = {};
    for (const [key, ref] of Object.entries(this.populated ?? {})) {
      if (!(ref instanceof BaseRecord)) continue;
      const policy = policyOf(ref);
      populated[key] = {
        params: exposeReference(policy, ref.params, currentAdmin, canRead(policy, currentAdmin)),
        populated: {},
        baseError: null,
        errors: {},
        id: ref.id(),
        title: ref.resource.decorate().titleOf(ref),
        // The 'show' action alone, when the role may open the record: AdminJS links a reference only then.
        recordActions: ref.resource
          .decorate()
          .recordActions(ref, currentAdmin)
          .filter((a) => a.name === 'show')
          .map((a) => a.toJSON(currentAdmin)),
        bulkActions: [],
      };
    }
    json.populated = populated;
    return json;
  };
}

/** The policy of a record's resource; an unknown resource exposes id and title only. */
export function policyOf(record: BaseRecord): ExposurePolicy {
  const id = record.resource.id();
  const known = policies.get(id);
  if (known) return known;
  const title = record.resource.decorate().titleProperty()?.name() ?? 'id';
  const none = new Set<string>();
  return {
    subject: 'all',
    idProperty: 'id',
    titleProperty: title,
    secret: none,
    referenceFields: [],
    filterable: () => none,
    sortable: () => none,
    searchable: () => none,
    personalData: false,
  };
}

export function policyFor(resourceId: string): ExposurePolicy | undefined {
  return policies.get(resourceId);
}

function canRead(policy: ExposurePolicy, admin: CurrentAdmin | undefined): boolean {
  return policy.subject !== 'all' && can(admin, 'read', policy.subject);
}
