import { AUDIT_ACTOR_KINDS } from '@app/domain';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** What `?actor=` may hold: an actor kind, a kind and its id (`user:<id>`, `connector:<keyId>`, `system:<rule>`). */
export const ACTOR_FILTER = new RegExp(`^(?:(?:${AUDIT_ACTOR_KINDS.join('|')})(?::\\S{1,200})?|[0-9a-fA-F]{24})$`);

/**
 * The actor a filter names, as the trail keys actors (`auditActorKey`), or a kind alone for all its actors. A bare
 * object id is a user's: the id a console has at hand.
 */
export function actorFilter(text: string): string {
  return OBJECT_ID.test(text) ? `user:${text.toLowerCase()}` : text;
}
