import { describe, expect, it } from '@jest/globals';
import type { ContactDatum, CustomerFacts, UniqueIdentifier } from './customer-facts.js';
import { card, crmId, customer, email, loyaltyCard, P1, P2, phone, phoneValue } from '@app/testing/fixtures';
import { InvalidMergePickError, mergeCustomerFields, type MergeConflict, type MergePicks } from './merge-fields.js';

const named = (id: string, name?: string): CustomerFacts => ({ ...customer(id), name });
const ofKind = (id: string, kind: 'member' | 'contact'): CustomerFacts => ({ ...customer(id), kind });

describe('mergeCustomerFields', () => {
  describe('name', () => {
    it.each<[string, CustomerFacts, CustomerFacts[], MergePicks, string | undefined, MergeConflict[]]>([
      [
        'the survivor’s wins',
        named('s', 'Ann Smith'),
        [named('v', 'A. Smith')],
        {},
        'Ann Smith',
        [
          {
            field: 'name',
            values: [
              { customerId: 's', value: 'Ann Smith' },
              { customerId: 'v', value: 'A. Smith' },
            ],
          },
        ],
      ],
      ['filled from the victim', named('s'), [named('v', 'Ann Smith')], {}, 'Ann Smith', []],
      ['a blank name is empty', named('s', '  '), [named('v1'), named('v2', 'Ann')], {}, 'Ann', []],
      [
        'filled from the first victim that has one',
        named('s'),
        [named('v1', 'Ann'), named('v2', 'Anna')],
        {},
        'Ann',
        [
          {
            field: 'name',
            values: [
              { customerId: 'v1', value: 'Ann' },
              { customerId: 'v2', value: 'Anna' },
            ],
          },
        ],
      ],
      ['equal names are no conflict', named('s', 'Ann '), [named('v', ' Ann')], {}, 'Ann', []],
      [
        'one entry per distinct value',
        named('s', 'Ann'),
        [named('v1', 'Ann'), named('v2', 'Anna'), named('v3', 'Ann')],
        {},
        'Ann',
        [
          {
            field: 'name',
            values: [
              { customerId: 's', value: 'Ann' },
              { customerId: 'v2', value: 'Anna' },
            ],
          },
        ],
      ],
      ['nobody has one', named('s'), [named('v')], {}, undefined, []],
      [
        'picked from the victim',
        named('s', 'Ann Smith'),
        [named('v', 'Anna Smith')],
        { name: 'v' },
        'Anna Smith',
        [
          {
            field: 'name',
            values: [
              { customerId: 's', value: 'Ann Smith' },
              { customerId: 'v', value: 'Anna Smith' },
            ],
          },
        ],
      ],
      [
        'picked from the survivor',
        named('s', 'Ann'),
        [named('v', 'Anna')],
        { name: 's' },
        'Ann',
        [
          {
            field: 'name',
            values: [
              { customerId: 's', value: 'Ann' },
              { customerId: 'v', value: 'Anna' },
            ],
          },
        ],
      ],
    ])('%s', (_case, survivor, victims, picks, name, conflicts) => {
      const merged = mergeCustomerFields(survivor, victims, picks);
      expect(merged.result.name).toBe(name);
      expect(merged.conflicts).toEqual(conflicts);
    });
  });

  describe('kind', () => {
    it.each<[string, CustomerFacts, CustomerFacts[], MergePicks, string, boolean]>([
      [
        'a member victim makes the survivor a member',
        ofKind('s', 'contact'),
        [ofKind('v', 'member')],
        {},
        'member',
        true,
      ],
      ['a member survivor stays one', ofKind('s', 'member'), [ofKind('v', 'contact')], {}, 'member', true],
      ['two contacts', ofKind('s', 'contact'), [ofKind('v', 'contact')], {}, 'contact', false],
      ['two members', ofKind('s', 'member'), [ofKind('v', 'member')], {}, 'member', false],
      [
        'a member among several victims',
        ofKind('s', 'contact'),
        [ofKind('v1', 'contact'), ofKind('v2', 'member')],
        {},
        'member',
        true,
      ],
      ['picked: stay a contact', ofKind('s', 'contact'), [ofKind('v', 'member')], { kind: 's' }, 'contact', true],
    ])('%s', (_case, survivor, victims, picks, kind, conflicting) => {
      const merged = mergeCustomerFields(survivor, victims, picks);
      expect(merged.result.kind).toBe(kind);
      expect(merged.conflicts.some((conflict) => conflict.field === 'kind')).toBe(conflicting);
    });
  });

  describe('unique identifiers', () => {
    it.each<[string, CustomerFacts, CustomerFacts[], MergePicks, UniqueIdentifier[], MergeConflict[]]>([
      [
        'the survivor’s value of a type wins',
        customer('s', crmId('C-1')),
        [customer('v', crmId('C-2'))],
        {},
        [crmId('C-1')],
        [
          {
            field: 'uniqueIdentifiers.crmId',
            values: [
              { customerId: 's', value: 'C-1' },
              { customerId: 'v', value: 'C-2' },
            ],
          },
        ],
      ],
      [
        'a type the survivor lacks moves over',
        customer('s', crmId('C-1')),
        [customer('v', loyaltyCard('8812'))],
        {},
        [crmId('C-1'), loyaltyCard('8812')],
        [],
      ],
      [
        'equal values are no conflict',
        customer('s', loyaltyCard('8812')),
        [customer('v', loyaltyCard('8812'))],
        {},
        [loyaltyCard('8812')],
        [],
      ],
      [
        'the same set in another order is no conflict',
        customer('s', loyaltyCard('1'), loyaltyCard('2')),
        [customer('v', loyaltyCard('2'), loyaltyCard('1'))],
        {},
        [loyaltyCard('1'), loyaltyCard('2')],
        [],
      ],
      [
        'several values of a type stay together',
        customer('s', loyaltyCard('1'), loyaltyCard('2')),
        [customer('v', loyaltyCard('2'), loyaltyCard('3'))],
        {},
        [loyaltyCard('1'), loyaltyCard('2')],
        [
          {
            field: 'uniqueIdentifiers.loyaltyCard',
            values: [
              { customerId: 's', value: '1, 2' },
              { customerId: 'v', value: '2, 3' },
            ],
          },
        ],
      ],
      [
        'filled from the first victim with the type',
        customer('s'),
        [customer('v1', crmId('C-1')), customer('v2', crmId('C-2'))],
        {},
        [crmId('C-1')],
        [
          {
            field: 'uniqueIdentifiers.crmId',
            values: [
              { customerId: 'v1', value: 'C-1' },
              { customerId: 'v2', value: 'C-2' },
            ],
          },
        ],
      ],
      [
        'picked from the victim',
        customer('s', crmId('C-1'), loyaltyCard('8812')),
        [customer('v', crmId('C-2'))],
        { 'uniqueIdentifiers.crmId': 'v' },
        [crmId('C-2'), loyaltyCard('8812')],
        [
          {
            field: 'uniqueIdentifiers.crmId',
            values: [
              { customerId: 's', value: 'C-1' },
              { customerId: 'v', value: 'C-2' },
            ],
          },
        ],
      ],
    ])('%s', (_case, survivor, victims, picks, uniqueIdentifiers, conflicts) => {
      const merged = mergeCustomerFields(survivor, victims, picks);
      expect(merged.result.uniqueIdentifiers).toEqual(uniqueIdentifiers);
      expect(merged.conflicts).toEqual(conflicts);
    });
  });

  describe('contact data', () => {
    it.each<[string, CustomerFacts, CustomerFacts[], ContactDatum[]]>([
      [
        'unioned, survivor’s first',
        customer('s', phone(P1)),
        [customer('v', email('ann@example.com'))],
        [phone(P1), email('ann@example.com')],
      ],
      [
        'one entry per type and value',
        customer('s', phone(P1)),
        [customer('v', phone(P1), phone(P2))],
        [phone(P1), phone(P2)],
      ],
      ['access granted on the victim', customer('s', phone(P1)), [customer('v', phone(P1, true))], [phone(P1, true)]],
      ['access granted on the survivor', customer('s', phone(P1, true)), [customer('v', phone(P1))], [phone(P1, true)]],
      [
        'a card and a phone with equal text are two contacts',
        customer('s', card(phoneValue(P1))),
        [customer('v', phone(P1))],
        [card(phoneValue(P1)), phone(P1)],
      ],
      [
        'from several victims',
        customer('s'),
        [customer('v1', phone(P1)), customer('v2', phone(P1, true), card('4000'))],
        [phone(P1, true), card('4000')],
      ],
    ])('%s', (_case, survivor, victims, contactData) => {
      const merged = mergeCustomerFields(survivor, victims);
      expect(merged.result.contactData).toEqual(contactData);
      expect(merged.conflicts).toEqual([]);
    });

    it('leaves the customers’ own contact data untouched', () => {
      const survivor = customer('s', phone(P1));
      mergeCustomerFields(survivor, [customer('v', phone(P1, true))]);
      expect(survivor.contactData).toEqual([phone(P1)]);
    });
  });

  describe('last active', () => {
    const at = (id: string, iso?: string): CustomerFacts => ({
      ...customer(id),
      lastActiveAt: iso ? new Date(iso) : undefined,
    });
    it.each([
      ['the latest', at('s', '2024-01-01T00:00:00Z'), [at('v', '2024-03-01T00:00:00Z')], '2024-03-01T00:00:00.000Z'],
      [
        'the survivor’s when later',
        at('s', '2024-05-01T00:00:00Z'),
        [at('v', '2024-03-01T00:00:00Z')],
        '2024-05-01T00:00:00.000Z',
      ],
      [
        'the victim’s when the survivor was never active',
        at('s'),
        [at('v', '2024-03-01T00:00:00Z')],
        '2024-03-01T00:00:00.000Z',
      ],
      ['none', at('s'), [at('v')], undefined],
    ])('%s', (_case, survivor, victims, iso) => {
      expect(mergeCustomerFields(survivor, victims).result.lastActiveAt?.toISOString()).toBe(iso);
    });
  });

  describe('invalid picks', () => {
    it.each<[string, MergePicks]>([
      ['a customer outside the merge', { name: 'x' }],
      ['a customer without a name', { name: 'v' }],
      ['an identifier type nobody holds', { 'uniqueIdentifiers.referenceCode': 's' }],
      ['an identifier type the picked customer lacks', { 'uniqueIdentifiers.crmId': 'v' }],
    ])('refuses %s', (_case, picks) => {
      expect(() =>
        mergeCustomerFields({ ...named('s', 'Ann'), uniqueIdentifiers: [crmId('C-1')] }, [named('v')], picks),
      ).toThrow(InvalidMergePickError);
    });
  });
});
