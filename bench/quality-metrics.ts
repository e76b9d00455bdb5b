/*
 * How right the product's matching was, from what the api shows (customers with their identities, suggestions) and
 * the population's labels (which person each sender is).
 */

export interface ShownCustomer {
  id: string;
  identities: { kind: string; address?: string }[];
}

export interface ShownSuggestion {
  status: string;
  customerIds: [string, string];
  score?: number;
  evidence?: { rule: string }[];
}

export interface QualityFigures {
  customers: number;
  /** Identities whose sender the population does not know (a normalization the bench did not expect). */
  unlabelled: number;
  autoMerge: { precision: number; recall: number; pairs: number };
  suggestions: {
    open: number;
    precision: number;
    recall: number;
    falsePairs: number;
    missedPairs: number;
    /** Wrong open suggestions by their rules and the kinds of the two people (`rule: kind + kind`), most first. */
    falseByCause: [string, number][];
  };
  households: { total: number; blocked: number; open: number; none: number };
}

const senderKey = (kind: string, address: string): string => `${kind}:${address}`;
const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);

/** Union–find over customer ids. */
class Components {
  private readonly parent = new Map<string, string>();
  find(id: string): string {
    let root = id;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(id, root);
    return root;
  }
  join(a: string, b: string): void {
    this.parent.set(this.find(a), this.find(b));
  }
}

export function qualityFigures(input: {
  customers: ShownCustomer[];
  suggestions: ShownSuggestion[];
  /** `kind:address` of each sender → its person. */
  personOfSender: Map<string, number>;
  /** Customers the bench knows from an answer (identify) → person, for customers without a labelled identity. */
  personOfCustomer: Map<string, number>;
  households: { persons: [number, number] }[];
  kindOfPerson: Map<number, string>;
}): QualityFigures {
  let unlabelled = 0;
  const customerPerson = new Map<string, number>();
  /** Identity-level labels: per customer, the person of each identity it holds. */
  let samePersonPairs = 0;
  let pairs = 0;
  const identitiesByPersonAndValue = new Map<string, string[]>();
  for (const customer of input.customers) {
    const persons: number[] = [];
    for (const identity of customer.identities) {
      if (!identity.address) continue;
      const person = input.personOfSender.get(senderKey(identity.kind, identity.address));
      if (person === undefined) {
        unlabelled += 1;
        continue;
      }
      persons.push(person);
      // Identities of one person sharing an identifier value must end up in one customer (auto-join).
      const value = identity.kind === 'email' ? `email:${identity.address}` : `phone:${identity.address}`;
      const key = `${person}|${value}`;
      identitiesByPersonAndValue.set(key, [...(identitiesByPersonAndValue.get(key) ?? []), customer.id]);
    }
    for (let a = 0; a < persons.length; a += 1) {
      for (let b = a + 1; b < persons.length; b += 1) {
        pairs += 1;
        if (persons[a] === persons[b]) samePersonPairs += 1;
      }
    }
    const majority = mostCommon(persons) ?? input.personOfCustomer.get(customer.id);
    if (majority !== undefined) customerPerson.set(customer.id, majority);
  }
  let expectedJoins = 0;
  let joined = 0;
  for (const customerIds of identitiesByPersonAndValue.values()) {
    for (let a = 0; a < customerIds.length; a += 1) {
      for (let b = a + 1; b < customerIds.length; b += 1) {
        expectedJoins += 1;
        if (customerIds[a] === customerIds[b]) joined += 1;
      }
    }
  }

  const open = input.suggestions.filter((suggestion) => suggestion.status === 'open');
  const components = new Components();
  let truePositives = 0;
  const falseByCause = new Map<string, number>();
  for (const { customerIds, evidence } of open) {
    const [a, b] = customerIds.map((id) => customerPerson.get(id));
    if (a !== undefined && a === b) {
      truePositives += 1;
      components.join(customerIds[0], customerIds[1]);
      continue;
    }
    const rules = [...new Set((evidence ?? []).map(({ rule }) => rule))].sort().join('+');
    const kinds = [a, b].map((person) => (person === undefined ? '?' : input.kindOfPerson.get(person))).sort();
    const cause = `${rules}: ${kinds.join(' + ')}`;
    falseByCause.set(cause, (falseByCause.get(cause) ?? 0) + 1);
  }
  const customersOfPerson = new Map<number, string[]>();
  for (const [customerId, person] of customerPerson) {
    customersOfPerson.set(person, [...(customersOfPerson.get(person) ?? []), customerId]);
  }
  let expectedPairs = 0;
  let foundPairs = 0;
  for (const customerIds of customersOfPerson.values()) {
    for (let a = 0; a < customerIds.length; a += 1) {
      for (let b = a + 1; b < customerIds.length; b += 1) {
        expectedPairs += 1;
        if (components.find(customerIds[a]) === components.find(customerIds[b])) foundPairs += 1;
      }
    }
  }

  const statusOfPair = new Map<string, string>();
  for (const suggestion of input.suggestions) {
    statusOfPair.set([...suggestion.customerIds].sort().join('|'), suggestion.status);
  }
  const households = { total: input.households.length, blocked: 0, open: 0, none: 0 };
  for (const { persons } of input.households) {
    const [first, second] = persons.map((person) => customersOfPerson.get(person) ?? []);
    const statuses = first.flatMap((a) => second.map((b) => statusOfPair.get([a, b].sort().join('|'))));
    if (statuses.includes('open')) households.open += 1;
    else if (statuses.includes('blocked')) households.blocked += 1;
    else households.none += 1;
  }

  return {
    customers: input.customers.length,
    unlabelled,
    autoMerge: { precision: ratio(samePersonPairs, pairs), recall: ratio(joined, expectedJoins), pairs },
    suggestions: {
      open: open.length,
      precision: ratio(truePositives, open.length),
      recall: ratio(foundPairs, expectedPairs),
      falsePairs: open.length - truePositives,
      missedPairs: expectedPairs - foundPairs,
      falseByCause: [...falseByCause].sort((x, y) => y[1] - x[1]),
    },
    households,
  };
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}
