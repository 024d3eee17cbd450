/** Staff roles (ARCHITECTURE.md "Users"). The order is the order shown in forms. */
export const staffRoles = ['admin', 'marketer', 'compliance', 'manager', 'banker'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}
