import { claimedAddresses, identityAddresses, type CustomerFacts, sameMailboxDomains } from '@app/domain';

/** What other customers must hold to possibly match `subject`: equal values, and the email domains to scan. */
export function candidateKeys(subject: CustomerFacts): {
  values: string[];
  uniqueIdentifiers: { type: string; value: string }[];
  emailDomains: string[];
} {
  const values = heldValues(subject);
  const domains = new Set<string>();
  for (const value of values) {
    const at = value.lastIndexOf('@');
    if (at < 0) continue;
    for (const domain of sameMailboxDomains(value.slice(at + 1))) domains.add(domain);
  }
  return { values: [...values], uniqueIdentifiers: subject.uniqueIdentifiers, emailDomains: [...domains] };
}

/** How many of the customers hold each value (identity addresses and contact data), for shared-contact checks. */
export function holderCounts(customers: Iterable<CustomerFacts>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const customer of customers) {
    for (const value of heldValues(customer)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** Identity addresses (those unverified identities claim too) and contact data, each value once. */
function heldValues(customer: CustomerFacts): Set<string> {
  return new Set(
    [...identityAddresses(customer), ...claimedAddresses(customer), ...customer.contactData].map(({ value }) => value),
  );
}
