import { describe, expect, it } from '@jest/globals';
import type { Customer } from '@app/persistence';
import { auditedChanges, differences, toCustomerChanges } from './customer-changes.js';
import type { UpdateCustomerDto } from './customers.dto.js';

describe('toCustomerChanges', () => {
  it('normalizes every value and keeps adds and removes apart', () => {
    const dto: UpdateCustomerDto = {
      name: 'Ann Lee',
      addContactData: [
        { type: 'phone', value: '+1 (555) 010-1001', grantsAccess: true },
        { type: 'email', value: 'Ann@Example.com' },
      ],
      removeContactData: [{ type: 'phone', value: '+1 555 010 9999' }],
      addUniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
      removeUniqueIdentifiers: [{ type: 'crmId' }, { type: 'referenceCode', value: 'R-1' }],
    };
    expect(toCustomerChanges(dto)).toEqual({
      changes: {
        name: 'Ann Lee',
        addContactData: [
          { type: 'phone', value: '+15550101001', display: '+1 555 010 1001', grantsAccess: true },
          { type: 'email', value: 'ann@example.com', display: 'Ann@Example.com', grantsAccess: undefined },
        ],
        removeContactData: [{ type: 'phone', value: '+15550109999' }],
        setUniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
        removeUniqueIdentifiers: [{ type: 'crmId' }, { type: 'referenceCode', value: 'R-1' }],
      },
    });
  });

  it.each<[string, UpdateCustomerDto, { field: string; messages: string[] }[]]>([
    [
      'an invalid phone',
      {
        addContactData: [
          { type: 'email', value: 'a@example.com' },
          { type: 'phone', value: '+1 23' },
        ],
      },
      [{ field: 'addContactData.1.value', messages: ['not a valid phone number'] }],
    ],
    [
      'an invalid email',
      { addContactData: [{ type: 'email', value: 'nobody' }] },
      [{ field: 'addContactData.0.value', messages: ['not a valid email address'] }],
    ],
    [
      'two values of one identifier type',
      {
        addUniqueIdentifiers: [
          { type: 'loyaltyCard', value: '1' },
          { type: 'loyaltyCard', value: '2' },
        ],
      },
      [{ field: 'addUniqueIdentifiers.1.type', messages: ['only one value of loyaltyCard per customer'] }],
    ],
  ])('refuses %s, naming the field', (_case, dto, errors) => {
    expect(toCustomerChanges(dto)).toEqual({ errors });
  });

  it('removes a value that does not normalize as it is written', () => {
    const result = toCustomerChanges({ removeContactData: [{ type: 'phone', value: 'legacy 123' }] });
    expect(result).toMatchObject({ changes: { removeContactData: [{ type: 'phone', value: 'legacy 123' }] } });
  });
});

type Comparable = Pick<Customer, 'name' | 'kind' | 'contactData' | 'uniqueIdentifiers'>;
const base: Comparable = {
  name: 'Ann',
  kind: 'contact',
  contactData: [
    { type: 'phone', value: '+15550101001', display: '+1 555 010 1001', grantsAccess: false },
    { type: 'email', value: 'ann@example.com', grantsAccess: true },
  ],
  uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
};

describe('differences', () => {
  it.each<[string, Partial<Comparable>, { profile: boolean; matchingData: boolean }]>([
    ['nothing', {}, { profile: false, matchingData: false }],
    [
      'the same data in another order',
      { contactData: [...base.contactData].reverse() },
      { profile: false, matchingData: false },
    ],
    ['the name', { name: 'Ann Lee' }, { profile: true, matchingData: false }],
    ['the kind', { kind: 'member' }, { profile: true, matchingData: false }],
    [
      'a display only',
      { contactData: [{ ...base.contactData[0], display: '+15550101001' }, base.contactData[1]] },
      { profile: true, matchingData: false },
    ],
    [
      'an access flag',
      { contactData: [{ ...base.contactData[0], grantsAccess: true }, base.contactData[1]] },
      { profile: true, matchingData: true },
    ],
    ['a contact removed', { contactData: base.contactData.slice(1) }, { profile: true, matchingData: true }],
    [
      'an identifier value',
      { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '9' }] },
      { profile: true, matchingData: true },
    ],
  ])('%s', (_case, change, expected) => {
    expect(differences(base, { ...base, ...change })).toEqual(expected);
  });
});

describe('auditedChanges', () => {
  it.each<[string, Partial<Comparable>, ReturnType<typeof auditedChanges>]>([
    ['nothing', {}, undefined],
    ['the same data in another order', { contactData: [...base.contactData].reverse() }, undefined],
    ['the name', { name: 'Ann Lee' }, { before: { name: 'Ann' }, after: { name: 'Ann Lee' } }],
    ['the name cleared', { name: undefined }, { before: { name: 'Ann' }, after: { name: null } }],
    ['the kind', { kind: 'member' }, { before: { kind: 'contact' }, after: { kind: 'member' } }],
    [
      'a contact removed',
      { contactData: base.contactData.slice(1) },
      { before: { contactData: base.contactData }, after: { contactData: base.contactData.slice(1) } },
    ],
    [
      'an identifier value',
      { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '9' }] },
      {
        before: { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }] },
        after: { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '9' }] },
      },
    ],
  ])('%s', (_case, change, expected) => {
    expect(auditedChanges(base, { ...base, ...change })).toEqual(expected);
  });
});
