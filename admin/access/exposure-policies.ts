import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { can } from './admin-actions.js';
import type { AppSubject } from './abilities.js';
import type { ExposurePolicy } from './exposure-policy.js';
import { maskCustomerParams } from '../../resources/customer/customer-masking.js';
import { customerListSorts } from '../../resources/customer/customer-list.query.js';

/**
 * Fields that are secret although the entity selects them (virtual form
 * fields carrying clear text). Everything the entity marks `select: false`
 * (password hashes, ciphertexts, keyed hashes) is secret automatically.
 */
const alsoSecret: Record<string, readonly string[]> = { Staff: ['password'] };

/** What a reference carries besides id and title, for roles that may read the referenced resource. */
const referenceFields: Record<string, readonly string[]> = { Customer: ['name'], Staff: ['displayName'] };

/**
 * Customer fields that identify a person. A role that sees them masked may
 * neither filter nor sort by them: trying prefixes or reading the sort order
 * would reveal what the mask hides.
 */
const customerIdentityFilters = ['name', 'nameEn', 'mobile', 'email', 'birthDate'];
const customerIdentitySorts = ['name', 'nameEn', 'birthDate'];

const set = (xs: Iterable<string>) => new Set(xs);

/**
 * One exposure policy per AdminJS resource, derived from its options (title,
 * filter and list properties) and its TypeORM metadata (secret columns), with
 * the customer's masking rules on top. Allow-lists, not deny-lists: a
 * property is filterable only if the resource offers it as a filter, sortable
 * only if it is listed (or the default sort), searchable only if it is the title.
 */
export function buildExposurePolicies(ds: DataSource, resources: ResourceWithOptions[]): Map<string, ExposurePolicy> {
  const out = new Map<string, ExposurePolicy>();
  for (const { resource, options } of resources) {
    const meta = ds.getMetadata(resource as EntityTarget<ObjectLiteral>);
    const id = meta.name;
    const secret = set([...meta.columns.filter((c) => !c.isSelect).map((c) => c.propertyName), ...(alsoSecret[id] ?? [])]);
    const idProperty = meta.primaryColumns[0]?.propertyName ?? 'id';
    const titleProperty = options.titleProperty ?? idProperty;
    const properties = options.properties ?? {};
    const notSecret = (p: string) => !secret.has(p);
    const allColumns = meta.columns.map((c) => c.propertyName);
    const filterable = set((options.filterProperties ?? options.listProperties ?? allColumns).filter(notSecret));
    const sortable = set(
      [idProperty, ...(options.sort?.sortBy ? [options.sort.sortBy] : []), ...(options.listProperties ?? allColumns)]
        .filter(notSecret)
        .filter((p) => properties[p]?.isSortable !== false),
    );
    const searchable = set([titleProperty].filter(notSecret));
    out.set(id, {
      subject: id as AppSubject,
      idProperty,
      titleProperty,
      secret,
      referenceFields: referenceFields[id] ?? [],
      filterable: () => filterable,
      sortable: () => sortable,
      searchable: () => searchable,
      personalData: false,
    });
  }
  const customer = out.get('Customer');
  if (customer) {
    const sorts = set(customerListSorts);
    const maskedFilters = set([...customer.filterable(undefined)].filter((p) => !customerIdentityFilters.includes(p)));
    const maskedSorts = set([...sorts].filter((p) => !customerIdentitySorts.includes(p)));
    const seesIdentity = (admin: CurrentAdmin | undefined) => can(admin, 'unmask', 'Customer');
    const allFilters = customer.filterable(undefined);
    out.set('Customer', {
      ...customer,
      personalData: true,
      mask: maskCustomerParams,
      filterable: (admin) => (seesIdentity(admin) ? allFilters : maskedFilters),
      sortable: (admin) => (seesIdentity(admin) ? sorts : maskedSorts),
      searchable: (admin) => (seesIdentity(admin) ? set(['customerNo', 'name']) : set(['customerNo'])),
    });
  }
  return out;
}
