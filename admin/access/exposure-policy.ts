import type { CurrentAdmin } from 'adminjs';
import type { AppSubject } from './abilities.js';

/**
 * How one AdminJS resource's records and queries are exposed, per role. Every
 * path that returns a record — list, show, search, reference pickers,
 * populated references, error bodies — goes through the same policy (see
 * secure-record-json.ts), and every list/search query is checked against its
 * allow-lists (see action-query.rules.ts).
 */
export interface ExposurePolicy {
  /** The CASL subject whose `read` decides between full (masked) and reference-only exposure. */
  subject: AppSubject;
  idProperty: string;
  titleProperty: string;
  /** Never returned, filtered, sorted or searched, whatever the role (hashes, ciphertexts, clear-text password fields). */
  secret: ReadonlySet<string>;
  /** What a reference to the record carries besides id and title, for roles that may read the resource. */
  referenceFields: readonly string[];
  /** Masks params for the role (e.g. a customer's name for roles that may not unmask). */
  mask?: (params: Record<string, unknown>, admin: CurrentAdmin | undefined) => Record<string, unknown>;
  /** Properties the role may filter by (`filters.<p>`), sort by (`sortBy`) and search by (`searchProperty`). */
  filterable: (admin: CurrentAdmin | undefined) => ReadonlySet<string>;
  sortable: (admin: CurrentAdmin | undefined) => ReadonlySet<string>;
  searchable: (admin: CurrentAdmin | undefined) => ReadonlySet<string>;
  /** Personal data: showing its records (also as references) is written to the access log. */
  personalData: boolean;
}
