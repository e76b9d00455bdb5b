import type { AuditActor } from '@app/domain';
import type { Merge } from '@app/persistence';

/** The role a journal records for an integration's connector key, whose id it records as the actor's. */
export const CONNECTOR_ROLE = 'connector';

/**
 * A journal's actor as the audit records one: a signed-in user with its role when known (journals written before it
 * have none), or the connector key an integration acted with.
 */
export function userActor(id: string, role?: string): AuditActor {
  if (role === CONNECTOR_ROLE) return { kind: 'connector', keyId: id };
  return { kind: 'user', id, ...(role ? { role } : {}) };
}

/** The kind of actor a journal records for a role: a connector key's, or a user's. */
export const actorKindOf = (role?: string): 'user' | 'connector' => (role === CONNECTOR_ROLE ? 'connector' : 'user');

/** Who a merge journal names as its actor: a connector key when an integration started it, else a user. */
export function mergeActor(merge: Pick<Merge, 'actorId' | 'actorRole' | 'actorKind'>): AuditActor {
  return merge.actorKind === 'connector'
    ? { kind: 'connector', keyId: merge.actorId }
    : userActor(merge.actorId, merge.actorRole);
}
