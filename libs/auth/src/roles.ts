import type { Role } from '@app/persistence';

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** Roles are ordered: agent < supervisor < admin; a role can do everything the roles below it can. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}
