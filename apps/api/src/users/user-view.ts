import type { Stored, User } from '@app/persistence';
import type { UserView } from '../auth/auth.dto.js';
import type { TenantUserView } from './users.dto.js';

export function toUserView(user: Stored<User>): UserView {
  return {
    id: user._id.toHexString(),
    tenantId: user.tenantId.toHexString(),
    role: user.role,
    name: user.name,
    email: user.email,
  };
}

/** A user as admins manage them: with whether they can sign in. */
export function toTenantUserView(user: Stored<User>): TenantUserView {
  return { ...toUserView(user), active: user.active, createdAt: user.createdAt.toISOString() };
}
