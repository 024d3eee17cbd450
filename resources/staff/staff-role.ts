/**
 * Staff roles (docs/domain-notes.md), plus `product`: the product managers
 * who maintain the catalogue and author disclosures (the makers whose work
 * compliance checks). The order is the order shown in forms.
 */
export const staffRoles = ['admin', 'marketer', 'compliance', 'manager', 'banker', 'product'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}
