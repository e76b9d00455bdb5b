import type { AuditActor } from '@app/domain';

/** A signed-in user as the audit records an actor: with its role when known (journals written before it have none). */
export function userActor(id: string, role?: string): AuditActor {
  return { kind: 'user', id, ...(role ? { role } : {}) };
}
