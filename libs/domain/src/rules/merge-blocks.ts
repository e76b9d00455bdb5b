import type { MatchingSettings } from '../identity-settings.js';
import type { AccessContact, ContactType, MergeBlock } from '../vocabulary.js';
import { uniqueIdentifierValues, type CustomerFacts } from './customer-facts.js';
import { mergeCustomerFields } from './merge-fields.js';

type GuardSettings = Pick<MatchingSettings, 'uniqueIdentifierTypes' | 'accessGrantingContactTypes'>;

/**
 * Why `victim` must not merge into `survivor` (DOMAIN §4); empty when it may.
 *
 * Reason 1 — different unique IDs: for a type flagged *do not merge customers with different IDs*, both hold values
 * and no value is common. A value in common names one person whatever else they hold (an old card and its
 * replacement); one block per pair of differing values.
 *
 * Reason 2 — different access-granting contacts: both have some, and the sets differ. Set inequality, not
 * disjointness: a couple can share a household login phone while each logs in with an own email, and merging would
 * let each into the other's account. So `{phone P}` against `{phone P, email E}` blocks too; one side having no
 * access-granting contact does not, as there is no account of its own to open.
 */
export function mergeBlocks(survivor: CustomerFacts, victim: CustomerFacts, settings: GuardSettings): MergeBlock[] {
  return [
    ...differentUniqueIdentifiers(survivor, victim, settings),
    ...differentAccessContacts(survivor, victim, settings),
  ];
}

/**
 * Several duplicates merge one after another into one survivor (§3), so each victim is checked against the survivor
 * as it will be by then, holding what earlier victims brought: two victims with different cards block each other.
 * A blocked victim will not be merged, so it brings nothing to the ones after it.
 */
export function mergeBlocksForMany(
  survivor: CustomerFacts,
  victims: CustomerFacts[],
  settings: GuardSettings,
): { victimId: string; blocks: MergeBlock[] }[] {
  const blocked: { victimId: string; blocks: MergeBlock[] }[] = [];
  let accumulated = survivor;
  for (const victim of victims) {
    const blocks = mergeBlocks(accumulated, victim, settings);
    if (blocks.length) {
      blocked.push({ victimId: victim.id, blocks });
      continue;
    }
    const { result } = mergeCustomerFields(accumulated, [victim]);
    accumulated = { ...accumulated, contactData: result.contactData, uniqueIdentifiers: result.uniqueIdentifiers };
  }
  return blocked;
}

function differentUniqueIdentifiers(
  survivor: CustomerFacts,
  victim: CustomerFacts,
  settings: GuardSettings,
): MergeBlock[] {
  return settings.uniqueIdentifierTypes
    .filter((identifierType) => identifierType.doNotMergeDifferent)
    .flatMap(({ type }) => {
      const survivorValues = uniqueIdentifierValues(survivor, type);
      const victimValues = uniqueIdentifierValues(victim, type);
      if (!survivorValues.length || !victimValues.length || survivorValues.some((v) => victimValues.includes(v))) {
        return [];
      }
      const remedies = [
        `Remove the ${type} from one of the profiles`,
        `Turn off "do not merge customers with different IDs" for ${type} (affects every customer)`,
      ];
      return survivorValues.flatMap((survivorValue) =>
        victimValues.map((victimValue) => ({
          code: 'different_unique_identifiers' as const,
          identifierType: type,
          values: [survivorValue, victimValue] as [string, string],
          remedies,
        })),
      );
    });
}

function differentAccessContacts(
  survivor: CustomerFacts,
  victim: CustomerFacts,
  settings: GuardSettings,
): MergeBlock[] {
  const survivorContacts = accessContacts(survivor, settings.accessGrantingContactTypes);
  const victimContacts = accessContacts(victim, settings.accessGrantingContactTypes);
  if (!survivorContacts.length || !victimContacts.length) return [];
  const survivorOnly = without(survivorContacts, victimContacts);
  const victimOnly = without(victimContacts, survivorContacts);
  if (!survivorOnly.length && !victimOnly.length) return [];
  const types = [...new Set([...survivorOnly, ...victimOnly].map((contact) => contact.type))];
  const remedies = [
    ...survivorOnly.map(
      (c) => `Remove ${c.type} ${c.value} from the profile that is kept, or stop it granting account access`,
    ),
    ...victimOnly.map(
      (c) => `Remove ${c.type} ${c.value} from the profile that is removed, or stop it granting account access`,
    ),
    ...types.map((type) => `Stop ${type} contacts granting account access (affects every customer)`),
  ];
  return [{ code: 'different_access_contacts', survivorOnly, victimOnly, remedies }];
}

function accessContacts(customer: CustomerFacts, grantingTypes: ContactType[]): AccessContact[] {
  const byKey = new Map<string, AccessContact>();
  for (const { type, value, grantsAccess } of customer.contactData) {
    if (grantsAccess && grantingTypes.includes(type)) byKey.set(`${type}:${value}`, { type, value });
  }
  return [...byKey.values()];
}

function without(contacts: AccessContact[], others: AccessContact[]): AccessContact[] {
  return contacts.filter(
    (contact) => !others.some((other) => other.type === contact.type && other.value === contact.value),
  );
}
