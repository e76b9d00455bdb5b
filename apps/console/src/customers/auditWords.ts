import { movesInWords } from '../suggestions/describe';
import type { AuditRecord } from './types';

/** Who acted, in words: "You", "A supervisor", "Connector key …abc123", "The system (same identifier rule)". */
export function actorInWords(actor: AuditRecord['actor'], currentUserId?: string): string {
  switch (actor.kind) {
    case 'user':
      if (actor.id && actor.id === currentUserId) return 'You';
      return `${actor.role ? withArticle(actor.role) : 'A user'}${actor.id ? ` (…${actor.id.slice(-6)})` : ''}`;
    case 'connector':
      return `Connector key${actor.keyId ? ` …${actor.keyId.slice(-6)}` : ''}`;
    case 'system':
      return `The system${actor.rule ? ` (${actor.rule.replaceAll('-', ' ')} rule)` : ''}`;
  }
}

const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'An' : 'A'} ${word}`;

/** The customer fields an edit names, as agents call them. */
const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  contactData: 'Contact data',
  uniqueIdentifiers: 'Unique identifiers',
  lastActiveAt: 'Last active',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** One value of a before/after, in words. */
export function valueInWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueInWords).join(', ');
  if (isRecord(value)) {
    if ('type' in value && 'value' in value) {
      return `${String(value.type)} ${String(value.value)}${value.grantsAccess ? ' (grants access)' : ''}`;
    }
    return Object.entries(value)
      .map(([key, item]) => `${key}: ${valueInWords(item)}`)
      .join('; ');
  }
  return String(value);
}

/** A customer snapshot's name, else an address, else a short id. */
function snapshotName(snapshot: unknown, fallbackId?: string): string {
  if (isRecord(snapshot)) {
    const name = str(snapshot.name);
    if (name) return name;
    const identities = Array.isArray(snapshot.identities) ? snapshot.identities : [];
    for (const identity of identities) {
      if (isRecord(identity)) {
        const address = str(identity.displayAddress) ?? str(identity.address);
        if (address) return address;
      }
    }
    const id = str(snapshot.id) ?? fallbackId;
    if (id) return `customer …${id.slice(-6)}`;
  }
  return fallbackId ? `customer …${fallbackId.slice(-6)}` : 'a customer';
}

function snapshots(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function nameOf(list: Record<string, unknown>[], id: string | undefined): string {
  const found = list.find((snapshot) => str(snapshot.id) === id);
  return snapshotName(found, id);
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The changed fields of a before/after pair: "name: Ann → Ann Lee". */
function changes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map(
    (field) => `${FIELD_NAMES[field] ?? field}: ${valueInWords(before[field])} → ${valueInWords(after[field])}`,
  );
}

export interface AuditInWords {
  title: string;
  details: string[];
}

/** What a record says happened, in words, with its before and after. */
export function auditInWords(record: AuditRecord, currentUserId?: string): AuditInWords {
  const actor = actorInWords(record.actor, currentUserId);
  const { before, after } = record;
  switch (record.type) {
    case 'customer.merged': {
      const customers = snapshots(before.customers);
      const survivor = nameOf(customers, str(after.survivorId));
      const victims = idsOf(after.victimIds).map((id) => nameOf(customers, id));
      const moved = isRecord(after.moved) ? movesInWords(after.moved as Record<string, number>) : [];
      const details = moved.length > 0 ? [`Moved: ${moved.join(', ')}`] : [];
      const survivorBefore = customers.find((snapshot) => str(snapshot.id) === str(after.survivorId));
      if (survivorBefore && isRecord(after.fields)) {
        const fields = after.fields;
        if (str(fields.name) && fields.name !== survivorBefore.name) {
          details.push(`Name: ${valueInWords(survivorBefore.name)} → ${valueInWords(fields.name)}`);
        }
        if (str(fields.kind) && fields.kind !== survivorBefore.kind) {
          details.push(`Kind: ${valueInWords(survivorBefore.kind)} → ${valueInWords(fields.kind)}`);
        }
      }
      if (record.trigger.kind === 'suggestion') details.push('From a merge suggestion');
      return { title: `${actor} merged ${victims.join(', ') || 'a customer'} into ${survivor}`, details };
    }
    case 'merge.undone': {
      const customers = snapshots(before.customers);
      const restored = idsOf(after.restoredIds).map((id) => nameOf(customers, id));
      const moved = isRecord(after.moved) ? movesInWords(after.moved as Record<string, number>) : [];
      return {
        title: `${actor} undid a merge: ${restored.join(', ') || 'the merged customer'} came back`,
        details: moved.length > 0 ? [`Given back: ${moved.join(', ')}`] : [],
      };
    }
    case 'identity.detached': {
      const source = isRecord(before.customer) ? before.customer : {};
      const identities = Array.isArray(source.identities) ? source.identities.filter(isRecord) : [];
      const identity = identities.find((candidate) => str(candidate.id) === str(after.identityId));
      const address = identity
        ? (str(identity.displayAddress) ?? str(identity.address) ?? 'an anonymous identity')
        : 'an identity';
      const moved = isRecord(after.moved) ? movesInWords(after.moved as Record<string, number>) : [];
      const details = moved.length > 0 ? [`Moved to the new customer: ${moved.join(', ')}`] : [];
      const contacts = Array.isArray(after.contactData) ? after.contactData : [];
      if (contacts.length > 0) details.push(`Contact data moved: ${valueInWords(contacts)}`);
      if (str(after.reason)) details.push(`Reason: ${String(after.reason)}`);
      return { title: `${actor} detached ${address} from ${snapshotName(source)} into a new customer`, details };
    }
    case 'conversation.moved':
      return { title: `${actor} moved a conversation between customers`, details: changes(before, after) };
    case 'suggestion.accepted':
      return { title: `${actor} accepted a merge suggestion`, details: [] };
    case 'suggestion.rejected':
      return {
        title: `${actor} rejected a merge suggestion (not the same person)`,
        details: str(after.reason) ? [`Reason: ${String(after.reason)}`] : [],
      };
    case 'customer.updated':
      return { title: `${actor} edited the profile`, details: changes(before, after) };
    case 'settings.identity.updated':
      return { title: `${actor} changed the identity settings`, details: changes(before, after) };
    case 'identity.joined': {
      const address = str(after.address) ?? str(after.displayAddress);
      return {
        title: `${actor} joined ${address ?? 'a new identity'} to this customer (same identifier)`,
        details: [],
      };
    }
    default:
      return { title: `${actor}: ${String(record.type)}`, details: changes(before, after) };
  }
}

/** The merge a `customer.merged` record is about, for its Undo. */
export const mergeIdOf = (record: AuditRecord): string | undefined =>
  record.type === 'customer.merged' ? str(record.after.mergeId) : undefined;

/** The merges that records of `merge.undone` say are undone already. */
export function undoneMerges(records: readonly AuditRecord[]): Set<string> {
  const ids = records
    .filter((record) => record.type === 'merge.undone')
    .map((record) => str(record.after.mergeId) ?? record.trigger.id);
  return new Set(ids.filter((id): id is string => id !== undefined));
}

export interface ObstacleInWords {
  text: string;
  /** The customer holding what stands in the way now, to open it. */
  customerId?: string;
}

/** One obstacle of a 409 `undo_blocked`, in words. */
export function obstacleInWords(obstacle: unknown): ObstacleInWords {
  if (!isRecord(obstacle)) return { text: 'Something changed since the merge.' };
  const customerId = str(obstacle.customerId) ?? str(obstacle.mergedInto);
  const by = isRecord(obstacle.movedBy) ? Object.keys(obstacle.movedBy).map((key) => key.replace(/Id$/, '')) : [];
  const byWords = by.length > 0 ? `, by a later ${by.join(' or ')}` : '';
  const text = ((): string => {
    switch (obstacle.reason) {
      case 'survivor_merged':
        return 'The kept customer was itself merged into another customer since.';
      case 'identity_moved':
        return `An identity the merge moved has left this customer${byWords}.`;
      case 'conversation_moved':
        return `A conversation the merge moved has left this customer${byWords}.`;
      case 'identifier_owned_elsewhere':
        return `The ${valueInWords(obstacle.identifierType)} ${valueInWords(obstacle.value)} belongs to another customer now.`;
      default:
        return valueInWords(obstacle);
    }
  })();
  return customerId ? { text, customerId } : { text };
}
