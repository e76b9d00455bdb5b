import type { CustomerFacts } from '../rules/customer-facts.js';

const GMAIL_DOMAINS = ['gmail.com', 'googlemail.com'];

/** What other customers must hold to possibly match `subject`: equal values, and the email domains to scan. */
export function candidateKeys(subject: CustomerFacts): {
  values: string[];
  uniqueIdentifiers: { type: string; value: string }[];
  emailDomains: string[];
} {
  const values = new Set<string>();
  for (const identity of subject.identities) if (!identity.anonymous && identity.address) values.add(identity.address);
  for (const contact of subject.contactData) values.add(contact.value);
  const domains = new Set<string>();
  for (const value of values) {
    const at = value.lastIndexOf('@');
    if (at < 0) continue;
    const domain = value.slice(at + 1);
    for (const same of GMAIL_DOMAINS.includes(domain) ? GMAIL_DOMAINS : [domain]) domains.add(same);
  }
  return { values: [...values], uniqueIdentifiers: subject.uniqueIdentifiers, emailDomains: [...domains] };
}

/** How many of the customers hold each value (identity addresses and contact data), for shared-contact checks. */
export function holderCounts(customers: Iterable<CustomerFacts>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const customer of customers) {
    const held = new Set<string>([
      ...customer.identities.flatMap((identity) => (identity.address && !identity.anonymous ? [identity.address] : [])),
      ...customer.contactData.map((contact) => contact.value),
    ]);
    for (const value of held) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
