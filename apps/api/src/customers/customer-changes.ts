import { changedFields, type FieldChanges } from '@app/domain';
import type { Customer, CustomerChanges } from '@app/persistence';
import { normalizeContactValue } from './contact-values.js';
import type { UpdateCustomerDto } from './customers.dto.js';

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * An agent's edit with every value normalized, or the fields whose values cannot be (reported like the validation
 * pipe reports, as `400 validation_failed`). A value to remove that does not normalize is removed as written, so
 * a malformed value stored earlier can still be cleared.
 */
export function toCustomerChanges(dto: UpdateCustomerDto): { changes: CustomerChanges } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const addContactData = (dto.addContactData ?? []).flatMap((item, index) => {
    const normalized = normalizeContactValue(item.type, item.value, item.country);
    if ('error' in normalized) {
      errors.push({ field: `addContactData.${index}.value`, messages: [normalized.error] });
      return [];
    }
    return [{ type: item.type, value: normalized.value, display: normalized.display, grantsAccess: item.grantsAccess }];
  });
  const removeContactData = (dto.removeContactData ?? []).map(({ type, value }) => {
    const normalized = normalizeContactValue(type, value);
    return { type, value: 'value' in normalized ? normalized.value : value };
  });
  const seenTypes = new Set<string>();
  (dto.addUniqueIdentifiers ?? []).forEach(({ type }, index) => {
    if (seenTypes.has(type)) {
      errors.push({
        field: `addUniqueIdentifiers.${index}.type`,
        messages: [`only one value of ${type} per customer`],
      });
    }
    seenTypes.add(type);
  });
  if (errors.length > 0) return { errors };
  return {
    changes: {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.kind !== undefined ? { kind: dto.kind } : {}),
      addContactData,
      removeContactData,
      setUniqueIdentifiers: (dto.addUniqueIdentifiers ?? []).map(({ type, value }) => ({ type, value })),
      removeUniqueIdentifiers: (dto.removeUniqueIdentifiers ?? []).map(({ type, value }) =>
        value === undefined ? { type } : { type, value },
      ),
    },
  };
}

type Comparable = Pick<Customer, 'name' | 'kind' | 'contactData' | 'uniqueIdentifiers'>;

/** What duplicate detection compares: contact data with their access flags, and unique identifiers. */
function matchingData(customer: Comparable): string {
  const contacts = customer.contactData.map(({ type, value, grantsAccess }) => `${type}\n${value}\n${grantsAccess}`);
  const identifiers = customer.uniqueIdentifiers.map(({ type, value }) => `${type}\n${value}`);
  return JSON.stringify([contacts.sort(), identifiers.sort()]);
}

/** The other fields a console shows. */
function shownData(customer: Comparable): string {
  const displays = customer.contactData.map(({ type, value, display }) => `${type}\n${value}\n${display ?? ''}`);
  return JSON.stringify([customer.name ?? null, customer.kind, displays.sort()]);
}

/** Which parts of a customer differ between two readings: anything consoles show, and what matching compares. */
export function differences(before: Comparable, after: Comparable): { profile: boolean; matchingData: boolean } {
  const matching = matchingData(before) !== matchingData(after);
  return { profile: matching || shownData(before) !== shownData(after), matchingData: matching };
}

/** What an edit's audit record shows of a customer: its editable fields, as plain values. */
function audited(customer: Comparable): Record<string, unknown> {
  return {
    name: customer.name ?? null,
    kind: customer.kind,
    contactData: customer.contactData.map(({ type, value, display, grantsAccess }) => ({
      type,
      value,
      ...(display !== undefined ? { display } : {}),
      grantsAccess,
    })),
    uniqueIdentifiers: customer.uniqueIdentifiers.map(({ type, value }) => ({ type, value })),
  };
}

const AUDITED_FIELDS = ['name', 'kind', 'contactData', 'uniqueIdentifiers'];

/** The editable fields an edit changed, as they were and became; undefined when it changed none. */
export function auditedChanges(before: Comparable, after: Comparable): FieldChanges | undefined {
  return changedFields(audited(before), audited(after), AUDITED_FIELDS);
}
