import type { AuditActor } from '@app/domain';
import type { Merge } from '@app/persistence';

/** A signed-in user as the audit records an actor: with its role when known (journals written before it have none). */
export function userActor(id: string, role?: string): AuditActor {
  return { kind: 'user', id, ...(role ? { role } : {}) };
}

/** Who a merge journal names as its actor: a connector key when an integration started it, else a user. */
export function mergeActor(merge: Pick<Merge, 'actorId' | 'actorRole' | 'actorKind'>): AuditActor {
  return merge.actorKind === 'connector'
    ? { kind: 'connector', keyId: merge.actorId }
    : userActor(merge.actorId, merge.actorRole);
}
