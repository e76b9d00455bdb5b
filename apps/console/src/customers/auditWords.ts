import { movesInWords } from '../suggestions/describe';
import type { AuditRecord, UndoKind } from './types';

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

const movedOf = (after: Record<string, unknown>): string[] =>
  isRecord(after.moved) ? movesInWords(after.moved as Record<string, number>) : [];

/** The address of the identity a detach record moved: as `names` know it, else from the source as it was. */
function detachedAddress(record: AuditRecord, names: KnownNames = {}): string {
  const known = names[str(record.after.identityId) ?? ''];
  if (known) return known;
  const source = isRecord(record.before.customer) ? record.before.customer : {};
  const identities = Array.isArray(source.identities) ? source.identities.filter(isRecord) : [];
  const identity = identities.find((candidate) => str(candidate.id) === str(record.after.identityId));
  return identity ? (str(identity.displayAddress) ?? str(identity.address) ?? 'an anonymous identity') : 'an identity';
}

/** A move (or its undo) seen from the customer whose page shows it. */
function moveInWords(record: AuditRecord, customerId: string | undefined): string {
  const from = str(record.before.customerId);
  const to = str(record.after.customerId);
  if (str(record.after.undoes)) {
    return to === customerId
      ? 'undid a move: the conversation came back here'
      : 'undid a move: the conversation went back to the customer it came from';
  }
  if (from === customerId) return 'moved a conversation to another customer';
  if (to === customerId) return 'moved a conversation here from another customer';
  return 'moved a conversation between customers';
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

/** Where a record is shown: the customer whose page it is, and the names the page knows. */
export interface AuditView {
  /** A record between two customers reads from this one's side. */
  customerId?: string;
  names?: KnownNames;
}

/** What a record says happened, in words, with its before and after. */
export function auditInWords(record: AuditRecord, currentUserId?: string, view: AuditView = {}): AuditInWords {
  const actor = actorInWords(record.actor, currentUserId);
  const { before, after } = record;
  const { customerId, names } = view;
  switch (record.type) {
    case 'customer.merged': {
      const customers = snapshots(before.customers);
      const survivor = nameOf(customers, str(after.survivorId));
      const victims = idsOf(after.victimIds).map((id) => nameOf(customers, id));
      const moved = movedOf(after);
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
      if (record.trigger.kind === 'uniqueness') details.push('By the uniqueness setting (the newer into the original)');
      return { title: `${actor} merged ${victims.join(', ') || 'a customer'} into ${survivor}`, details };
    }
    case 'merge.undone': {
      const customers = snapshots(before.customers);
      const restored = idsOf(after.restoredIds).map((id) => nameOf(customers, id));
      const moved = movedOf(after);
      return {
        title: `${actor} undid a merge: ${restored.join(', ') || 'the merged customer'} came back`,
        details: moved.length > 0 ? [`Given back: ${moved.join(', ')}`] : [],
      };
    }
    case 'identity.detached': {
      const source = isRecord(before.customer) ? before.customer : {};
      const moved = movedOf(after);
      const details = moved.length > 0 ? [`Moved to the new customer: ${moved.join(', ')}`] : [];
      const contacts = Array.isArray(after.contactData) ? after.contactData : [];
      if (contacts.length > 0) details.push(`Contact data moved: ${valueInWords(contacts)}`);
      if (str(after.reason)) details.push(`Reason: ${String(after.reason)}`);
      const address = detachedAddress(record, names);
      return { title: `${actor} detached ${address} from ${snapshotName(source)} into a new customer`, details };
    }
    case 'detach.undone': {
      const moved = movedOf(after);
      const details = moved.length > 0 ? [`Given back: ${moved.join(', ')}`] : [];
      const contacts = Array.isArray(after.contactData) ? after.contactData : [];
      if (contacts.length > 0) details.push(`Contact data back: ${valueInWords(contacts)}`);
      const where = str(after.toCustomerId) === customerId ? 'this customer' : 'the customer it was detached from';
      return { title: `${actor} undid a detach: the identity went back to ${where}`, details };
    }
    case 'conversation.moved': {
      const moved = movedOf(after);
      const details = moved.length > 0 ? [`${str(after.undoes) ? 'Moved back' : 'Moved'}: ${moved.join(', ')}`] : [];
      if (str(after.reason)) details.push(`Reason: ${String(after.reason)}`);
      return { title: `${actor} ${moveInWords(record, customerId)}`, details };
    }
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
    case 'uniqueness.refused':
      return {
        title: `The customers sharing ${valueInWords(after.values)} were not merged: the uniqueness setting's merge was refused`,
        details: [`After a change by ${actor}`, ...(str(after.detail) ? [`Reason: ${String(after.detail)}`] : [])],
      };
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

export interface CounterpartLink {
  customerId: string;
  label: string;
}

/** The other customer of a detach or a move, seen from the customer whose page shows the record: to open it. */
export function counterpartOf(record: AuditRecord, customerId: string): CounterpartLink | undefined {
  const link = (id: string | undefined, label: string) =>
    id && id !== customerId ? { customerId: id, label } : undefined;
  if (record.type === 'identity.detached') {
    const from = str(record.after.fromCustomerId);
    const to = str(record.after.toCustomerId);
    if (from === customerId) return link(to, 'Open the new customer');
    if (to === customerId) return link(from, 'Open the customer it was detached from');
  }
  if (record.type === 'conversation.moved') {
    const from = str(record.before.customerId);
    const to = str(record.after.customerId);
    if (from === customerId) return link(to, 'Open the customer it went to');
    if (to === customerId) return link(from, 'Open the customer it came from');
  }
  return undefined;
}

export interface UndoTarget {
  kind: UndoKind;
  id: string;
}

/** One text per operation, to tell which are undone or being undone. */
export const undoKey = ({ kind, id }: UndoTarget): string => `${kind}:${id}`;

const target = (kind: UndoKind, id: string | undefined): UndoTarget | undefined => (id ? { kind, id } : undefined);

/** The operation a record is about, for its Undo: a merge, a detach, or a move (not the undo of one). */
export function undoTargetOf(record: AuditRecord): UndoTarget | undefined {
  const { after } = record;
  switch (record.type) {
    case 'customer.merged':
      return target('merge', str(after.mergeId));
    case 'identity.detached':
      return target('detach', str(after.detachId));
    case 'conversation.moved':
      return str(after.undoes) ? undefined : target('move', str(after.moveId));
    default:
      return undefined;
  }
}

/** The operation an undo's record says it undid; undefined for any other record. */
export function undoneBy(record: AuditRecord): UndoTarget | undefined {
  const { after } = record;
  switch (record.type) {
    case 'merge.undone':
      return target('merge', str(after.mergeId) ?? record.trigger.id);
    case 'detach.undone':
      return target('detach', str(after.detachId));
    case 'conversation.moved':
      return target('move', str(after.undoes));
    default:
      return undefined;
  }
}

/** The operations (by `undoKey`) that the trail's undo records say are undone already. */
export function undoneOperations(records: readonly AuditRecord[]): Set<string> {
  return new Set(records.map(undoneBy).flatMap((undone) => (undone ? [undoKey(undone)] : [])));
}

const NOUNS: Record<UndoKind, [string, string]> = {
  merge: ['merge', 'merges'],
  detach: ['detach', 'detaches'],
  move: ['move', 'moves'],
};

/**
 * Names of customers and identities (their addresses as written) the console knows, by id: to say which customer an
 * undo or an obstacle is about.
 */
export type KnownNames = Readonly<Record<string, string>>;

export interface UndoInWords {
  title: string;
  /** What goes back where, sentence by sentence. */
  sentences: string[];
  confirm: string;
}

/** What undoing the record's operation does, for its confirmation. */
export function undoInWords(
  record: AuditRecord,
  kind: UndoKind,
  names: KnownNames,
  currentUserId?: string,
): UndoInWords {
  const [noun] = NOUNS[kind];
  const base = { title: `Undo this ${noun}?`, confirm: `Undo ${noun}` };
  const { before, after } = record;
  switch (kind) {
    case 'merge':
      return {
        ...base,
        sentences: [
          `${auditInWords(record, currentUserId).title}.`,
          'The removed customer comes back with exactly what it brought: identities, conversations (with messages ' +
            'that arrived since), contact data and identifiers. Edits made since on the kept customer stay. The two ' +
            'are then remembered as different people.',
        ],
      };
    case 'detach': {
      const source = names[str(after.fromCustomerId) ?? ''] ?? snapshotName(before.customer);
      const contacts = Array.isArray(after.contactData) ? after.contactData : [];
      const created = names[str(after.toCustomerId) ?? ''];
      return {
        ...base,
        sentences: [
          `${capitalized(detachedAddress(record, names))} goes back to ${source} with its conversations (messages that ` +
            `arrived since included)${contacts.length > 0 ? ` and the contact data ${valueInWords(contacts)}` : ''}.`,
          `${created ? `${created}, the customer the detach created,` : 'The customer the detach created'} is ` +
            `then closed: opening it leads to ${source}.`,
        ],
      };
    }
    case 'move': {
      const from = names[str(before.customerId) ?? ''] ?? 'the customer it came from';
      const to = names[str(after.customerId) ?? ''] ?? 'the customer it was moved to';
      return {
        ...base,
        sentences: [
          `The conversation leaves ${to} and goes back to ${from}, with its messages (those that arrived since ` +
            'included).',
          'Only the conversation moves: identities and contact data stay where they are.',
        ],
      };
    }
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export interface ObstacleInWords {
  text: string;
  /** The customer holding what stands in the way now, to open it. */
  customerId?: string;
}

/** Where what an operation moved went, as its obstacles say it left. */
const HOLDERS: Record<UndoKind, string> = {
  merge: 'this customer',
  detach: 'the customer the detach created',
  move: 'the customer it was moved to',
};

/** One obstacle of a 409 `undo_blocked` to undoing a `kind`, in words; `names` names the customers it knows. */
export function obstacleInWords(kind: UndoKind, obstacle: unknown, names: KnownNames = {}): ObstacleInWords {
  const [noun] = NOUNS[kind];
  if (!isRecord(obstacle)) return { text: `Something changed since the ${noun}.` };
  const customerId = str(obstacle.mergedInto) ?? str(obstacle.customerId);
  const named = names[str(obstacle.customerId) ?? ''] ?? `A customer of this ${noun}`;
  const by = isRecord(obstacle.movedBy) ? Object.keys(obstacle.movedBy).map((key) => key.replace(/Id$/, '')) : [];
  const byWords = by.length > 0 ? `, by a later ${by.join(' or ')}` : '';
  const text = ((): string => {
    switch (obstacle.reason) {
      case 'survivor_merged':
        return 'The kept customer was itself merged into another customer since.';
      case 'customer_merged':
        return `${named} was merged into another customer since.`;
      case 'customer_missing':
        return `${named} no longer exists.`;
      case 'identities_held': {
        const count = Array.isArray(obstacle.identityIds) ? obstacle.identityIds.length : 0;
        return `${capitalized(HOLDERS[kind])} holds ${count === 1 ? 'another identity' : `${count} other identities`} since.`;
      }
      case 'conversations_held': {
        const count = typeof obstacle.conversations === 'number' ? obstacle.conversations : 0;
        return `${capitalized(HOLDERS[kind])} holds ${count === 1 ? 'another conversation' : `${count} other conversations`} since.`;
      }
      case 'identity_moved':
        return `An identity the ${noun} moved has left ${HOLDERS[kind]}${byWords}.`;
      case 'conversation_moved':
        return kind === 'move'
          ? `The conversation has left ${HOLDERS[kind]}${byWords}.`
          : `A conversation the ${noun} moved has left ${HOLDERS[kind]}${byWords}.`;
      case 'identifier_owned_elsewhere':
        return `The ${valueInWords(obstacle.identifierType)} ${valueInWords(obstacle.value)} belongs to another customer now.`;
      default:
        return valueInWords(obstacle);
    }
  })();
  return customerId ? { text, customerId } : { text };
}

export interface UndoFailureInWords {
  message: string;
  obstacles: ObstacleInWords[];
  /** Trying again cannot help (it can no longer be undone cleanly, or there is no undo on this server). */
  final?: boolean;
}

/** A refused undo of a `kind`, by the problem's stable code; undefined for a code it does not know. */
export function undoFailureInWords(
  kind: UndoKind,
  problem: { code: string; extensions: Readonly<Record<string, unknown>> },
  names: KnownNames = {},
): UndoFailureInWords | undefined {
  const [noun, nouns] = NOUNS[kind];
  switch (problem.code) {
    case 'undo_blocked': {
      const obstacles = Array.isArray(problem.extensions.obstacles) ? problem.extensions.obstacles : [];
      return {
        message: `This ${noun} can no longer be undone cleanly:`,
        obstacles: obstacles.map((obstacle) => obstacleInWords(kind, obstacle, names)),
        final: true,
      };
    }
    case `${kind}_not_done`:
      return { message: `This ${noun} has not finished yet; it can be undone once it is done.`, obstacles: [] };
    case 'customer_busy':
      return {
        message: 'A merge, detach, move or undo of these customers is running. Try again in a moment.',
        obstacles: [],
      };
    case 'forbidden':
      return { message: `Only supervisors and admins undo ${nouns}.`, obstacles: [] };
    case `${kind}_not_found`:
      return { message: `This ${noun} no longer exists.`, obstacles: [] };
    default:
      return undefined;
  }
}
