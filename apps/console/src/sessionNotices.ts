import type { SessionRevokedReason } from '@app/realtime';

/** What the sign-in page tells a user whose session the server ended. */
export const REVOKED_NOTICES: Record<SessionRevokedReason, string> = {
  role_changed: 'An admin changed your role. Please sign in again.',
  deactivated: 'An admin deactivated your account. You have been signed out.',
  signed_out: 'You signed out in another window.',
  expired: 'Your session has ended. Please sign in again.',
};
