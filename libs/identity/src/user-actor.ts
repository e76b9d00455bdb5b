import type { AuditActor } from '@app/domain';

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
