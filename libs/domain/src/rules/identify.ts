import type { IdentitySettings, SurvivorPreference } from '../identity-settings.js';
import {
  IDENTIFIER_TYPES,
  type ContactType,
  type CustomerKind,
  type IdentifierType,
  type MergeBlock,
} from '../vocabulary.js';
import type { CustomerFacts, TypedValue, UniqueIdentifier } from './customer-facts.js';
import { mergeBlocksForMany } from './merge-blocks.js';

/** What an integration says about a customer (DOMAIN §7), its values normalized. */
export interface IdentifyRequest {
  phone?: string;
  email?: string;
  uniqueIdentifiers: UniqueIdentifier[];
  /** The kind of a customer this request creates; a found customer keeps its own. */
  kind: CustomerKind;
}

export type IdentifySettings = Pick<
  IdentitySettings,
  'primaryIdentifier' | 'skipSecondary' | 'uniqueIdentifierTypes' | 'accessGrantingContactTypes' | 'survivorPreference'
>;

/** Values to add to and remove from one customer. */
export interface IdentifierChanges {
  add: TypedValue[];
  remove: TypedValue[];
  setUniqueIdentifiers: UniqueIdentifier[];
  removeUniqueIdentifiers: UniqueIdentifier[];
}

export const IDENTIFY_CONFLICTS = [
  /** With skip-secondary on, the primary found a customer while the secondary belongs to a member. */
  'secondary_held_by_member',
  /** A unique identifier of the request belongs to a customer this request does not otherwise reach. */
  'unique_identifier_held',
  /** A merge guard (DOMAIN §4) refuses the identifier transfer. */
  'merge_blocked',
] as const;
export type IdentifyConflict = (typeof IDENTIFY_CONFLICTS)[number];

export type IdentifyDecision =
  | { action: 'create'; kind: CustomerKind; changes: IdentifierChanges }
  | { action: 'update'; customerId: string; changes: IdentifierChanges }
  | {
      action: 'merge';
      survivorId: string;
      survivor: IdentifierChanges;
      victims: { customerId: string; changes: IdentifierChanges }[];
    }
  | { action: 'conflict'; code: IdentifyConflict; detail: string; customerIds: string[]; blocks?: MergeBlock[] };

/**
 * Decides an identify request (DOMAIN §7) from the active customers holding any of its values.
 *
 * The primary identifier finds the customer. With skip-secondary off the secondary finds one too, and when they are
 * two customers the preferred one survives (by the survivor preference: a member over a contact, then the primary's,
 * then the older; or the older whatever its kind, then the primary's) and takes the
 * request's values and every identifier type it lacks from the other, which keeps its record with the rest. With
 * skip-secondary on only the primary finds: no primary match creates a customer (holding the secondary only when no
 * one else does), and a secondary held by a contact moves to the customer found, while one held by a member is a
 * conflict, as a contact found by a phone cannot take a member's email. A customer found only by the secondary gets
 * the primary in place of its own ("phone updated"). The merge guards check every transfer.
 */
export function decideIdentify(
  request: IdentifyRequest,
  candidates: CustomerFacts[],
  settings: IdentifySettings,
): IdentifyDecision {
  const primaryType = settings.primaryIdentifier;
  const secondaryType = IDENTIFIER_TYPES.find((type) => type !== primaryType) ?? 'email';
  const primary = request[primaryType];
  const secondary = request[secondaryType];
  const primaryHolders = primary ? holders(candidates, primaryType, primary) : [];
  const secondaryHolders = secondary ? holders(candidates, secondaryType, secondary) : [];
  const preferred = preferredBy(settings.survivorPreference);
  const found = preferred(primaryHolders);

  let target: CustomerFacts | undefined;
  let victims: CustomerFacts[];
  // Without a primary value the secondary is all there is to go by: skipping it would only duplicate its holder.
  if (settings.skipSecondary && primary !== undefined) {
    target = found;
    victims = secondaryHolders.filter((holder) => holder.id !== target?.id);
    if (target && victims.some((victim) => victim.kind === 'member')) {
      const member = victims.find((victim) => victim.kind === 'member') as CustomerFacts;
      return {
        action: 'conflict',
        code: 'secondary_held_by_member',
        detail:
          `The ${primaryType} ${primary} belongs to ${target.kind} ${target.id} while the ${secondaryType} ` +
          `${secondary} belongs to member ${member.id}; secondary identifiers do not match, so neither is chosen`,
        customerIds: [target.id, member.id],
      };
    }
    if (!target) victims = [];
  } else {
    const reached = unique([...(found ? [found] : []), ...secondaryHolders]);
    target = preferred(reached, found);
    victims = reached.filter((customer) => customer.id !== target?.id);
  }

  // A request with neither phone nor email held by anyone is still someone's when one of its unique IDs is.
  target ??= preferred(
    candidates.filter((holder) => request.uniqueIdentifiers.some((identifier) => holdsUnique(holder, identifier))),
  );
  const reachedIds = new Set([target?.id, ...victims.map((victim) => victim.id)]);
  const elsewhere = request.uniqueIdentifiers.flatMap((identifier) =>
    candidates
      .filter((holder) => !reachedIds.has(holder.id) && holdsUnique(holder, identifier))
      .map((holder) => ({ identifier, holder })),
  );
  if (elsewhere.length > 0) {
    const [{ identifier, holder }] = elsewhere;
    return {
      action: 'conflict',
      code: 'unique_identifier_held',
      detail: `The ${identifier.type} ${identifier.value} belongs to customer ${holder.id}, which the request's other identifiers do not reach`,
      customerIds: unique([...(target ? [target] : []), ...elsewhere.map((hit) => hit.holder)]).map((c) => c.id),
    };
  }

  const requested: TypedValue[] = [];
  if (primary) requested.push({ type: primaryType, value: primary });
  if (secondary && (target || !settings.skipSecondary || !primary || secondaryHolders.length === 0)) {
    requested.push({ type: secondaryType, value: secondary });
  }
  if (!target) {
    return {
      action: 'create',
      kind: request.kind,
      changes: { ...noChanges(), add: requested, setUniqueIdentifiers: request.uniqueIdentifiers },
    };
  }

  const survivor = targetChanges(target, requested, request.uniqueIdentifiers, primaryType);
  if (victims.length === 0) return { action: 'update', customerId: target.id, changes: survivor };

  const blocked = mergeBlocksForMany(applied(target, survivor), victims, settings);
  if (blocked.length > 0) {
    return {
      action: 'conflict',
      code: 'merge_blocked',
      detail: `Moving identifiers to customer ${target.id} is refused by the merge guards`,
      customerIds: [target.id, ...blocked.map((block) => block.victimId)],
      blocks: blocked.flatMap((block) => block.blocks),
    };
  }
  let accumulated = applied(target, survivor);
  const moves = victims.map((victim) => {
    const moved = movedFrom(victim, accumulated);
    survivor.add.push(...moved.add);
    survivor.setUniqueIdentifiers.push(...moved.setUniqueIdentifiers);
    accumulated = applied(target, survivor);
    return { customerId: victim.id, changes: moved.victim };
  });
  return { action: 'merge', survivorId: target.id, survivor, victims: moves };
}

/**
 * The customer kept of several: `member_then_older` a member first, then the customer the primary found, then the
 * oldest; `older` the oldest, then the customer the primary found.
 */
function preferredBy(
  preference: SurvivorPreference,
): (customers: CustomerFacts[], found?: CustomerFacts) => CustomerFacts | undefined {
  return (customers, found) => {
    const rank = (customer: CustomerFacts): number[] => {
      const kind = customer.kind === 'member' ? 0 : 1;
      const isFound = customer.id === found?.id ? 0 : 1;
      const age = customer.createdAt.getTime();
      return preference === 'member_then_older' ? [kind, isFound, age] : [age, isFound];
    };
    return [...customers].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x.reduce((order, value, index) => order || value - y[index], 0) || a.id.localeCompare(b.id);
    })[0];
  };
}

function holders(candidates: CustomerFacts[], type: ContactType, value: string): CustomerFacts[] {
  return candidates.filter((customer) => holdsContact(customer, { type, value }));
}

function holdsContact(customer: CustomerFacts, { type, value }: TypedValue): boolean {
  return customer.contactData.some((datum) => datum.type === type && datum.value === value);
}

function holdsUnique(customer: CustomerFacts, { type, value }: UniqueIdentifier): boolean {
  return customer.uniqueIdentifiers.some((held) => held.type === type && held.value === value);
}

function unique(customers: CustomerFacts[]): CustomerFacts[] {
  return [...new Map(customers.map((customer) => [customer.id, customer])).values()];
}

function noChanges(): IdentifierChanges {
  return { add: [], remove: [], setUniqueIdentifiers: [], removeUniqueIdentifiers: [] };
}

/**
 * The request's values on the customer it reached: what it lacks is added, and a primary it lacks replaces the
 * primary values it holds (the integration knows the current one).
 */
function targetChanges(
  target: CustomerFacts,
  requested: TypedValue[],
  uniqueIdentifiers: UniqueIdentifier[],
  primaryType: IdentifierType,
): IdentifierChanges {
  const add = requested.filter((value) => !holdsContact(target, value));
  const replacesPrimary = add.some((value) => value.type === primaryType);
  const remove = replacesPrimary
    ? target.contactData.filter((datum) => datum.type === primaryType).map(({ type, value }) => ({ type, value }))
    : [];
  const setUniqueIdentifiers = uniqueIdentifiers.filter((identifier) => !holdsUnique(target, identifier));
  const removeUniqueIdentifiers = target.uniqueIdentifiers.filter((held) =>
    setUniqueIdentifiers.some((identifier) => identifier.type === held.type),
  );
  return { add, remove, setUniqueIdentifiers, removeUniqueIdentifiers };
}

/** The customer as it will be once the changes apply (contact data added without access, as identify sends it). */
function applied(customer: CustomerFacts, changes: IdentifierChanges): CustomerFacts {
  const removed = (datum: TypedValue): boolean =>
    changes.remove.some((gone) => gone.type === datum.type && gone.value === datum.value);
  return {
    ...customer,
    contactData: [
      ...customer.contactData.filter((datum) => !removed(datum)),
      ...changes.add
        .filter((value) => !holdsContact(customer, value))
        .map((value) => ({ ...value, grantsAccess: false })),
    ],
    uniqueIdentifiers: [
      ...customer.uniqueIdentifiers.filter(
        (held) => !changes.removeUniqueIdentifiers.some((gone) => gone.type === held.type && gone.value === held.value),
      ),
      ...changes.setUniqueIdentifiers,
    ],
  };
}

/**
 * What moves from a victim to the survivor: values the survivor now holds leave the victim, and values of a type the
 * survivor lacks move over. The victim keeps the rest (DOMAIN §7: it keeps its record).
 */
function movedFrom(
  victim: CustomerFacts,
  survivor: CustomerFacts,
): { add: TypedValue[]; setUniqueIdentifiers: UniqueIdentifier[]; victim: IdentifierChanges } {
  const survivorTypes = new Set(survivor.contactData.map((datum) => datum.type));
  const survivorIdentifierTypes = new Set(survivor.uniqueIdentifiers.map((held) => held.type));
  const taken = victim.contactData.filter((datum) => holdsContact(survivor, datum));
  const moved = victim.contactData.filter((datum) => !survivorTypes.has(datum.type));
  const takenIdentifiers = victim.uniqueIdentifiers.filter((held) => holdsUnique(survivor, held));
  const movedIdentifiers = victim.uniqueIdentifiers.filter((held) => !survivorIdentifierTypes.has(held.type));
  const typed = (values: TypedValue[]): TypedValue[] => values.map(({ type, value }) => ({ type, value }));
  const identifiers = (values: UniqueIdentifier[]): UniqueIdentifier[] =>
    values.map(({ type, value }) => ({ type, value }));
  return {
    add: typed(moved),
    setUniqueIdentifiers: identifiers(movedIdentifiers),
    victim: {
      add: [],
      remove: typed([...taken, ...moved]),
      setUniqueIdentifiers: [],
      removeUniqueIdentifiers: identifiers([...takenIdentifiers, ...movedIdentifiers]),
    },
  };
}
