import type { Stored, User } from '@app/persistence';
import type { UserView } from '../auth/auth.dto.js';

export function toUserView(user: Stored<User>): UserView {
  return {
    id: user._id.toHexString(),
    tenantId: user.tenantId.toHexString(),
    role: user.role,
    name: user.name,
    email: user.email,
  };
}
