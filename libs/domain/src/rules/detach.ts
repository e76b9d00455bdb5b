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
}

export function planDetach(
  source: CustomerFacts,
  identityId: string,
  detached: { customerId: string; profileName?: string },
): DetachPlan {
  const identity = source.identities.find((held) => held.id === identityId);
  if (!identity) throw new RangeError(`identity ${identityId} is not customer ${source.id}'s`);
  const staying = source.identities.filter((held) => held.id !== identityId);
  const address = !identity.anonymous && identity.identifierType ? identity.address : undefined;
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
  return { identity, ...(name ? { name } : {}), contactData, sourceKeepsContactData, separation };
}
