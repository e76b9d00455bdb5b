import type { EnforceUniqueBy, IdentitySettings } from '../identity-settings.js';
import { pairKey } from './pair-key.js';
import { isSharedValue } from './shared-value.js';

/** What the uniqueness rule reads of a customer: when it was created and what it holds. */
export interface UniquenessHolder {
  id: string;
  createdAt: Date;
  contactData: { type: string; value: string }[];
  uniqueIdentifiers: { type: string; value: string }[];
}

export type UniquenessSettings = Pick<IdentitySettings, 'enforceUniqueBy' | 'sharedContactThreshold' | 'blocklist'>;

/** One merge of customers sharing a value of the enforced attribute: the original survives. */
export interface UniquenessGroup {
  survivorId: string;
  victimIds: string[];
  /** The shared values that joined them. */
  values: string[];
}

/**
 * The values of the enforced attribute a customer holds (DOMAIN §6): email and phone are contact data, a reference
 * code is a unique identifier. Normalized values, as stored.
 */
export function uniqueValuesOf(
  customer: Pick<UniquenessHolder, 'contactData' | 'uniqueIdentifiers'>,
  enforceUniqueBy: EnforceUniqueBy,
): string[] {
  switch (enforceUniqueBy) {
    case 'off':
      return [];
    case 'email':
    case 'phone':
      return customer.contactData.filter((datum) => datum.type === enforceUniqueBy).map((datum) => datum.value);
    case 'referenceCode':
      return customer.uniqueIdentifiers
        .filter((identifier) => identifier.type === 'referenceCode')
        .map((identifier) => identifier.value);
  }
}

/**
 * The original: created first (the record the business knew), of two created at the same instant the lower id, so
 * the choice never depends on the order the holders were found in.
 */
function olderFirst(a: Pick<UniquenessHolder, 'id' | 'createdAt'>, b: Pick<UniquenessHolder, 'id' | 'createdAt'>) {
  const byAge = a.createdAt.getTime() - b.createdAt.getTime();
  return byAge !== 0 ? byAge : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The merge to start after `changed` was created or updated (DOMAIN §6), given the other active customers holding
 * any of its values of the enforced attribute: all of them and `changed` become one customer, the oldest surviving
 * (so `changed` is the survivor or a victim). None when the setting is off, or for a value that is a shared contact
 * (held by more customers than the threshold, `changed` included) or blocklisted: such a value says nothing about who
 * a person is, so it merges nobody here either.
 */
export function uniquenessMerge(
  settings: UniquenessSettings,
  changed: UniquenessHolder,
  others: UniquenessHolder[],
): UniquenessGroup | undefined {
  const groups = uniquenessGroups(settings, [changed, ...others.filter((other) => other.id !== changed.id)]);
  return groups.find((group) => group.survivorId === changed.id || group.victimIds.includes(changed.id));
}

/**
 * Every set of active customers joined by values of the enforced attribute, each value held by two customers or more
 * (a customer holding two such values joins both sets into one): one merge per set, the oldest surviving. Shared
 * and blocklisted values join nobody. What "apply to existing duplicates" merges.
 */
export function uniquenessGroups(settings: UniquenessSettings, holders: UniquenessHolder[]): UniquenessGroup[] {
  if (settings.enforceUniqueBy === 'off') return [];
  const byId = new Map(holders.map((holder) => [holder.id, holder]));
  const byValue = new Map<string, string[]>();
  for (const holder of byId.values()) {
    for (const value of new Set(uniqueValuesOf(holder, settings.enforceUniqueBy))) {
      byValue.set(value, [...(byValue.get(value) ?? []), holder.id]);
    }
  }
  // Sets joined through shared values (union-find over customer ids, each set named by one of its members).
  const setOf = new Map<string, string>();
  const find = (id: string): string => {
    const up = setOf.get(id) ?? id;
    if (up === id) return id;
    const top = find(up);
    setOf.set(id, top);
    return top;
  };
  const joining: [string, string[]][] = [];
  for (const [value, ids] of byValue) {
    if (ids.length < 2 || isSharedValue(value, ids.length, settings)) continue;
    joining.push([value, ids]);
    for (const id of ids.slice(1)) setOf.set(find(id), find(ids[0]));
  }
  const sets = new Map<string, { ids: Set<string>; values: string[] }>();
  for (const [value, ids] of joining) {
    const key = find(ids[0]);
    const set = sets.get(key) ?? { ids: new Set<string>(), values: [] };
    for (const id of ids) set.ids.add(id);
    set.values.push(value);
    sets.set(key, set);
  }
  const groups: { survivor: UniquenessHolder; group: UniquenessGroup }[] = [];
  for (const { ids, values } of sets.values()) {
    const [survivor, ...victims] = [...ids].flatMap((id) => byId.get(id) ?? []).sort(olderFirst);
    if (!survivor) continue;
    const group = { survivorId: survivor.id, victimIds: victims.map((victim) => victim.id), values: values.sort() };
    groups.push({ survivor, group });
  }
  // Oldest originals first: a stable order for the report and the run.
  return groups.sort((a, b) => olderFirst(a.survivor, b.survivor)).map(({ group }) => group);
}

/** The pair keys of every two customers a group's merge would join: survivor and victim, and victim and victim. */
export function uniquenessGroupPairs(group: Pick<UniquenessGroup, 'survivorId' | 'victimIds'>): string[] {
  const ids = [group.survivorId, ...group.victimIds];
  return ids.flatMap((first, index) => ids.slice(index + 1).map((second) => pairKey(first, second)));
}

/**
 * The pairs of a group that a person judged "not the same person" (an agent's rejection, or the separation a detach or
 * an undo leaves): the setting does not overrule them, so such a group is not merged but reported.
 */
export function separatedPairsOf(
  group: Pick<UniquenessGroup, 'survivorId' | 'victimIds'>,
  rejectedPairKeys: ReadonlySet<string>,
): string[] {
  return uniquenessGroupPairs(group).filter((key) => rejectedPairKeys.has(key));
}
