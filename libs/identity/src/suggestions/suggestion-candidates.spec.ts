import { describe, expect, it } from '@jest/globals';
import type { CustomerFacts } from '@app/domain';
import { candidateKeys, holderCounts } from './suggestion-candidates.js';

const customer = (id: string, overrides: Partial<CustomerFacts> = {}): CustomerFacts => ({
  id,
  kind: 'contact',
  identities: [],
  contactData: [],
  uniqueIdentifiers: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

describe('candidateKeys', () => {
  it('collects identity addresses and contact data, not anonymous identities, and the email domains', () => {
    const keys = candidateKeys(
      customer('a', {
        identities: [
          { id: 'i1', kind: 'whatsapp', identifierType: 'phone', address: '+15550100', anonymous: false },
          { id: 'i2', kind: 'webchat', anonymous: true },
          { id: 'i3', kind: 'email', identifierType: 'email', address: 'ann@example.com', anonymous: false },
        ],
        contactData: [{ type: 'email', value: 'ann@gmail.com', grantsAccess: false }],
        uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
      }),
    );
    expect(keys.values).toEqual(['+15550100', 'ann@example.com', 'ann@gmail.com']);
    expect(keys.emailDomains).toEqual(['example.com', 'gmail.com', 'googlemail.com']);
    expect(keys.uniqueIdentifiers).toEqual([{ type: 'loyaltyCard', value: '8812' }]);
  });
});

describe('holderCounts', () => {
  it('counts each customer once per value', () => {
    const counts = holderCounts([
      customer('a', {
        identities: [{ id: 'i1', kind: 'sms', identifierType: 'phone', address: '+1', anonymous: false }],
        contactData: [{ type: 'phone', value: '+1', grantsAccess: false }],
      }),
      customer('b', { contactData: [{ type: 'phone', value: '+1', grantsAccess: true }] }),
      customer('c', { contactData: [{ type: 'phone', value: '+2', grantsAccess: false }] }),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ '+1': 2, '+2': 1 });
  });
});
