import {
  uniqueIdentifierValues,
  type ContactDatum,
  type CustomerFacts,
  type UniqueIdentifier,
} from './customer-facts.js';
import type { CustomerKind } from '../vocabulary.js';

/** The survivor's fields once a merge is undone. */
export interface UndoneFields {
  name?: string;
  kind: CustomerKind;
  contactData: ContactDatum[];
  uniqueIdentifiers: UniqueIdentifier[];
  lastActiveAt?: Date;
}

/**
 * What the survivor keeps when its merge is undone (DOMAIN §5): every value it took from a victim goes back to what
 * the survivor held before, and everything else — its own values, and what it changed since — stays. A value "taken"
 * is one the survivor holds now that a victim held before and the survivor did not: a later edit to another value is
 * the survivor's own. (A later edit that happens to restore a victim's exact value cannot be told apart from the
 * merge's; it goes back too.)
 *
 * - name, kind, activity: back to the survivor's own when the current value is a victim's.
 * - unique identifiers, per type: back to the survivor's values of that type (none, if it had none) when the current
 *   values are a victim's.
 * - contact data: a datum the survivor did not hold goes with its victim; one it held keeps its own access flag when
 *   the merge raised it from a victim's.
 */
export function undoMergeFields(
  survivorBefore: CustomerFacts,
  victimsBefore: CustomerFacts[],
  survivorNow: CustomerFacts,
): UndoneFields {
  const takenScalar = <T>(read: (customer: CustomerFacts) => T, same: (a: T, b: T) => boolean): T => {
    const now = read(survivorNow);
    const before = read(survivorBefore);
    const taken = !same(now, before) && victimsBefore.some((victim) => same(read(victim), now));
    return taken ? before : now;
  };
  const name = takenScalar((customer) => customer.name?.trim() || undefined, Object.is);
  const kind = takenScalar((customer) => customer.kind, Object.is);
  const lastActiveAt = takenScalar((customer) => customer.lastActiveAt, sameTime);
  return {
    ...(name ? { name } : {}),
    kind,
    contactData: restoredContactData(survivorBefore, victimsBefore, survivorNow),
    uniqueIdentifiers: restoredIdentifiers(survivorBefore, victimsBefore, survivorNow),
    ...(lastActiveAt ? { lastActiveAt } : {}),
  };
}

function sameTime(a: Date | undefined, b: Date | undefined): boolean {
  return a?.getTime() === b?.getTime();
}

function restoredContactData(
  survivorBefore: CustomerFacts,
  victimsBefore: CustomerFacts[],
  survivorNow: CustomerFacts,
): ContactDatum[] {
  const heldBy = (customer: CustomerFacts, datum: ContactDatum) =>
    customer.contactData.find((held) => held.type === datum.type && held.value === datum.value);
  return survivorNow.contactData.flatMap((datum) => {
    const own = heldBy(survivorBefore, datum);
    const fromVictims = victimsBefore.flatMap((victim) => heldBy(victim, datum) ?? []);
    if (!own) return fromVictims.length > 0 ? [] : [datum];
    const raisedByMerge = datum.grantsAccess && !own.grantsAccess && fromVictims.some((victim) => victim.grantsAccess);
    return [raisedByMerge ? { ...datum, grantsAccess: false } : datum];
  });
}

function restoredIdentifiers(
  survivorBefore: CustomerFacts,
  victimsBefore: CustomerFacts[],
  survivorNow: CustomerFacts,
): UniqueIdentifier[] {
  const types = [...new Set(survivorNow.uniqueIdentifiers.map((identifier) => identifier.type))];
  return types.flatMap((type) => {
    const now = uniqueIdentifierValues(survivorNow, type);
    const before = uniqueIdentifierValues(survivorBefore, type);
    const taken =
      now.length > 0 &&
      !sameSet(now, before) &&
      victimsBefore.some((victim) => sameSet(uniqueIdentifierValues(victim, type), now));
    return (taken ? before : now).map((value) => ({ type, value }));
  });
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}
