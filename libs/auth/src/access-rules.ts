import type { Role } from '@app/persistence';

export interface AccessStanding {
  role: Role;
  active: boolean;
}

export type SessionStanding = 'valid' | 'unknown_user' | 'inactive' | 'revoked';

/**
 * Whether a token signed at `tokenVersion` still speaks for its user: the user exists, is active, and has not had
 * its tokens revoked since (a role change, a deactivation or a sign-out raises the user's version).
 */
export function sessionStanding(
  tokenVersion: number,
  user: { active: boolean; tokenVersion?: number } | null,
): SessionStanding {
  if (!user) return 'unknown_user';
  if (!user.active) return 'inactive';
  return (user.tokenVersion ?? 0) === tokenVersion ? 'valid' : 'revoked';
}

const isActiveAdmin = ({ role, active }: AccessStanding): boolean => role === 'admin' && active;

/** The user's standing once the change applies: what it does not name stays. */
export function changedStanding(user: AccessStanding, change: Partial<AccessStanding>): AccessStanding {
  return { role: change.role ?? user.role, active: change.active ?? user.active };
}

/** Whether a tenant with `activeAdmins` active admins still has one after `user` changes to `after`. */
export function keepsAnActiveAdmin(activeAdmins: number, user: AccessStanding, after: AccessStanding): boolean {
  return activeAdmins - Number(isActiveAdmin(user)) + Number(isActiveAdmin(after)) > 0;
}

/** Whether the change alters anything: a change to the same role and state revokes no token. */
export function changesAccess(user: AccessStanding, after: AccessStanding): boolean {
  return user.role !== after.role || user.active !== after.active;
}
