import type { ContactDatum, CustomerFacts, IdentityFact } from './customer-facts.js';
import type { Evidence } from './evidence.js';
import { matchEvidence } from './match-evidence.js';

/** Why an identity cannot leave its customer (DOMAIN §5): it is not that customer's, or it is all the customer has. */
export type DetachRefusal = 'identity_not_found' | 'only_identity';

export function detachRefusal(source: CustomerFacts, identityId: string): DetachRefusal | undefined {
  if (!source.identities.some((identity) => identity.id === identityId)) return 'identity_not_found';
  return source.identities.length === 1 ? 'only_identity' : undefined;
}

/** What a detach does besides moving the identity and its conversations, decided before anything moves. */
export interface DetachPlan {
  identity: IdentityFact;
  /** The new customer (a `contact`) is named after the identity's profile (WhatsApp profile, email display name). */
  name?: string;
  /** The contact data that came with the identity: the datum equal to its address. */
  contactData: ContactDatum[];
  /** The source keeps a copy of that contact data while another of its identities still has the address. */
  sourceKeepsContactData: boolean;
  /**
   * What linked the identity to the rest of its customer: the evidence a check would find between the new customer
   * and the source as it was. The separated pair remembers its kinds as a rejection does, so only evidence of a new
   * kind suggests the pair again (DOMAIN §2).
   */
  separation: Evidence[];
  /**
   * The values the source holds no more once the identity left (its address, unless another identity has it; the
   * contact data that went with it): evidence of the source's other suggestions that rests only on them is gone.
   */
  leavingValues: string[];
}

/** Every value a customer is matched on: its identities' addresses, contact data and unique identifiers. */
function matchedValues(customer: Pick<CustomerFacts, 'identities' | 'contactData' | 'uniqueIdentifiers'>): Set<string> {
  return new Set([
    ...customer.identities.flatMap((identity) => (identity.address ? [identity.address] : [])),
    ...customer.contactData.map((datum) => datum.value),
    ...customer.uniqueIdentifiers.map((identifier) => identifier.value),
  ]);
}

/** Whether a suggestion's evidence rests only on values that left its customer (each item names one of them). */
export function evidenceLeft(
  evidence: readonly { values: readonly string[] }[],
  leavingValues: readonly string[],
): boolean {
  const leaving = new Set(leavingValues);
  return evidence.length > 0 && evidence.every((item) => item.values.some((value) => leaving.has(value)));
}

export function planDetach(
  source: CustomerFacts,
  identityId: string,
  detached: { customerId: string; profileName?: string },
): DetachPlan {
  const identity = source.identities.find((held) => held.id === identityId);
  if (!identity) throw new RangeError(`identity ${identityId} is not customer ${source.id}'s`);
  const staying = source.identities.filter((held) => held.id !== identityId);
  // An unverified identity's address is a claim: the contact datum of that value is the holder's, it stays.
  const address = !identity.anonymous && identity.identifierType && !identity.unverified ? identity.address : undefined;
  const contactData = address
    ? source.contactData.filter((datum) => datum.type === identity.identifierType && datum.value === address)
    : [];
  const sourceKeepsContactData =
    contactData.length > 0 &&
    staying.some((held) => held.identifierType === identity.identifierType && held.address === address);
  const name = detached.profileName?.trim() || undefined;
  const newCustomer: CustomerFacts = {
    id: detached.customerId,
    ...(name ? { name } : {}),
    kind: 'contact',
    identities: [identity],
    contactData,
    uniqueIdentifiers: [],
    createdAt: source.createdAt,
  };
  const separation = matchEvidence(newCustomer, { ...source, identities: staying }, () => false);
  const kept = matchedValues({
    identities: staying,
    contactData: sourceKeepsContactData
      ? source.contactData
      : source.contactData.filter((d) => !contactData.includes(d)),
    uniqueIdentifiers: source.uniqueIdentifiers,
  });
  const leavingValues = [...matchedValues(source)].filter((value) => !kept.has(value));
  return { identity, ...(name ? { name } : {}), contactData, sourceKeepsContactData, separation, leavingValues };
}
