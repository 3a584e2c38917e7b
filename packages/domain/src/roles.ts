export const ROLES = ['ADMIN', 'MARKETER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, MARKETER: 1, ADMIN: 2 };

/** Whether a caller with `role` may do what needs at least `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
