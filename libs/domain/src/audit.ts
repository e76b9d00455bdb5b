/**
 * The words of the audit trail (issue 11): what a record says happened, and who did it. The api's DTOs and the
 * console share them, each with its run-time tuple.
 */

export const AUDIT_RECORD_TYPES = [
  'customer.merged',
  'merge.undone',
  'identity.detached',
  'detach.undone',
  'conversation.moved',
  'suggestion.accepted',
  'suggestion.rejected',
  'customer.updated',
  'settings.identity.updated',
  /** A new identity joined the customer already holding its identifier (DOMAIN §1). */
  'identity.joined',
  /** The uniqueness setting would have merged customers sharing a value, and a guard refused (DOMAIN §6). */
  'uniqueness.refused',
  /** An admin renamed a connector key or changed whether it is trusted (its addresses join customers). */
  'connector-key.updated',
] as const;
export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];

export const AUDIT_ACTOR_KINDS = ['user', 'connector', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** Who acted: a signed-in user, a connector key, or the system applying one of its rules. */
export type AuditActor =
  { kind: 'user'; id: string; role?: string } | { kind: 'connector'; keyId: string } | { kind: 'system'; rule: string };

/** The rules the system acts on by itself, named in `{ kind: 'system', rule }`. */
export const SYSTEM_RULES = ['same-identifier'] as const;
export type SystemRule = (typeof SYSTEM_RULES)[number];

/** `uniqueness`: a merge the tenant's uniqueness setting started (DOMAIN §6), or the refusal of one. */
export const AUDIT_TRIGGER_KINDS = ['request', 'suggestion', 'inbound-message', 'merge', 'uniqueness'] as const;
export type AuditTriggerKind = (typeof AUDIT_TRIGGER_KINDS)[number];

/** What caused a record: an api request, a suggestion, an inbound message (its provider id), a merge… */
export interface AuditTrigger {
  kind: AuditTriggerKind;
  id?: string;
}

/**
 * One text naming an actor (`user:<id>`, `connector:<keyId>`, `system:<rule>`): what the trail stores to filter by
 * actor with one indexed equality.
 */
export function auditActorKey(actor: AuditActor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.id}`;
    case 'connector':
      return `connector:${actor.keyId}`;
    case 'system':
      return `system:${actor.rule}`;
  }
}

export interface FieldChanges {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The fields whose values differ between two readings, each as it was and as it is (an absent value as `null`, so
 * the record shows it); undefined when nothing changed.
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChanges | undefined {
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const field of fields) {
    if (sameValue(before[field], after[field])) continue;
    was[field] = before[field] ?? null;
    is[field] = after[field] ?? null;
  }
  return Object.keys(is).length > 0 ? { before: was, after: is } : undefined;
}

/** Values compared as JSON would carry them; lists as sets, since their order means nothing to a customer. */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
