import { isMergePicks } from './merge-picks.js';

const CUSTOMER = '665f1c2e8b3a4d0012345678';

describe('isMergePicks', () => {
  it.each(['name', 'kind', 'uniqueIdentifiers.loyaltyCard', `uniqueIdentifiers.a${'b'.repeat(39)}`])(
    'accepts a pick of %s',
    (field) => {
      expect(isMergePicks({ [field]: CUSTOMER })).toBe(true);
    },
  );

  it.each(['contactData', 'uniqueIdentifiers.', 'uniqueIdentifiers.2fa', `uniqueIdentifiers.a${'b'.repeat(40)}`])(
    'refuses a pick of %s',
    (field) => {
      expect(isMergePicks({ [field]: CUSTOMER })).toBe(false);
    },
  );

  it('refuses a winner that is not a customer id', () => {
    expect(isMergePicks({ name: 'ann' })).toBe(false);
  });

  it.each([null, [], 'name'])('refuses %p', (value) => {
    expect(isMergePicks(value)).toBe(false);
  });
});
