import type { CustomerKind } from '../vocabulary.js';
import {
  uniqueIdentifierValues,
  type ContactDatum,
  type CustomerFacts,
  type UniqueIdentifier,
} from './customer-facts.js';

/** A field the merge preview can offer a choice for; unique identifiers are one field per type. */
export type MergeField = 'name' | 'kind' | `uniqueIdentifiers.${string}`;

/** Per field, the id of the customer whose value wins. */
export type MergePicks = Partial<Record<MergeField, string>>;

export interface MergeConflict {
  field: MergeField;
  /** One entry per distinct value, held by the first customer in merge order (survivor first). */
  values: { customerId: string; value: string }[];
}

export interface MergedFields {
  name?: string;
  kind: CustomerKind;
  contactData: ContactDatum[];
  uniqueIdentifiers: UniqueIdentifier[];
  lastActiveAt?: Date;
}

export class InvalidMergePickError extends Error {
  constructor(
    readonly field: string,
    readonly customerId: string,
    readonly reason: string,
  ) {
    super(`cannot pick ${field} of customer ${customerId}: ${reason}`);
    this.name = 'InvalidMergePickError';
  }
}

/**
 * The survivor's fields after the merge (DOMAIN §3), and every field where the customers disagree so the preview can
 * offer a pick.
 *
 * - name: the survivor's, else the first victim's that has one.
 * - kind: `member` if any customer is one: the loyalty membership and its assets move to the survivor, so the
 *   survivor is a member (§7 prefers members for the same reason).
 * - unique identifiers, per type (a customer has one `type → value`): the values of the first customer holding that
 *   type. Unioning would give the survivor two `crmId`s and make it ambiguous to every integration looking it up.
 * - contact data: unioned by (type, value); a contact grants access if it did on any profile, since whoever logged
 *   in with it must still be able to.
 * - last active: the latest of all.
 */
export function mergeCustomerFields(
  survivor: CustomerFacts,
  victims: CustomerFacts[],
  picks: MergePicks = {},
): { result: MergedFields; conflicts: MergeConflict[] } {
  const customers = [survivor, ...victims];
  const unused = new Set(Object.keys(picks) as MergeField[]);
  const conflicts: MergeConflict[] = [];

  const choose = <T>(field: MergeField, held: Holding<T>[], fallback: Holding<T> | undefined): T | undefined => {
    const distinct = distinctHoldings(held);
    if (distinct.length > 1) {
      conflicts.push({ field, values: distinct.map(({ customerId, display }) => ({ customerId, value: display })) });
    }
    const pickedId = picks[field];
    if (pickedId === undefined) return fallback?.value;
    unused.delete(field);
    if (!customers.some((customer) => customer.id === pickedId)) {
      throw new InvalidMergePickError(field, pickedId, 'the customer is not part of this merge');
    }
    const picked = held.find((holding) => holding.customerId === pickedId);
    if (!picked) throw new InvalidMergePickError(field, pickedId, 'the customer has no value for it');
    return picked.value;
  };

  const names = customers.flatMap((customer) => {
    const name = customer.name?.trim();
    return name ? [{ customerId: customer.id, value: name, display: name }] : [];
  });
  const name = choose('name', names, names[0]);

  const kinds = customers.map((customer) => ({
    customerId: customer.id,
    value: customer.kind,
    display: customer.kind,
  }));
  const kind = choose('kind', kinds, kinds.find((holding) => holding.value === 'member') ?? kinds[0]) ?? survivor.kind;

  const uniqueIdentifiers: UniqueIdentifier[] = [];
  for (const type of identifierTypesOf(customers)) {
    const held = customers.flatMap((customer) => {
      const values = uniqueIdentifierValues(customer, type);
      return values.length ? [{ customerId: customer.id, value: values, display: [...values].sort().join(', ') }] : [];
    });
    const values = choose(`uniqueIdentifiers.${type}`, held, held[0]) ?? [];
    uniqueIdentifiers.push(...values.map((value) => ({ type, value })));
  }

  const [unusedField] = unused;
  if (unusedField) {
    throw new InvalidMergePickError(unusedField, picks[unusedField] ?? '', 'no customer in this merge has the field');
  }

  const lastActive = customers.flatMap((customer) => (customer.lastActiveAt ? [customer.lastActiveAt] : []));
  return {
    result: {
      name,
      kind,
      contactData: unionContactData(customers),
      uniqueIdentifiers,
      lastActiveAt: lastActive.length ? new Date(Math.max(...lastActive.map((date) => date.getTime()))) : undefined,
    },
    conflicts,
  };
}

interface Holding<T> {
  customerId: string;
  value: T;
  /** Equal for equal values: how the value is compared and shown. */
  display: string;
}

function distinctHoldings<T>(held: Holding<T>[]): Holding<T>[] {
  const byDisplay = new Map<string, Holding<T>>();
  for (const holding of held) if (!byDisplay.has(holding.display)) byDisplay.set(holding.display, holding);
  return [...byDisplay.values()];
}

function identifierTypesOf(customers: CustomerFacts[]): string[] {
  return [...new Set(customers.flatMap((customer) => customer.uniqueIdentifiers.map((identifier) => identifier.type)))];
}

function unionContactData(customers: CustomerFacts[]): ContactDatum[] {
  const byKey = new Map<string, ContactDatum>();
  for (const contact of customers.flatMap((customer) => customer.contactData)) {
    const key = `${contact.type}:${contact.value}`;
    const kept = byKey.get(key);
    byKey.set(key, kept ? { ...kept, grantsAccess: kept.grantsAccess || contact.grantsAccess } : { ...contact });
  }
  return [...byKey.values()];
}
