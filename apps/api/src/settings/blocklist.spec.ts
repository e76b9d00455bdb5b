import { normalizeBlocklist, normalizeBlocklistEntry } from './blocklist.js';

describe('normalizeBlocklistEntry', () => {
  it.each([
    ['an email in any case', ' FrontDesk@Example.COM ', 'frontdesk@example.com'],
    ['a phone written internationally', '+1 (555) 010-0000', '+15550100000'],
    ['a phone with 00 for +', '0044 20 7946 0958', '+442079460958'],
    ['a WhatsApp address', 'whatsapp:+15550100000', '+15550100000'],
    ['digits without a country code, kept as written', ' 0000000 ', '0000000'],
    ['a card number', '8812 3344', '8812 3344'],
    ['text that is no address', ' switchboard ', 'switchboard'],
    ['an unparsable email, trimmed', ' not@an@email ', 'not@an@email'],
  ])('%s', (_name, raw, expected) => {
    expect(normalizeBlocklistEntry(raw)).toBe(expected);
  });
});

describe('normalizeBlocklist', () => {
  it('keeps each normalized value once, in the order given', () => {
    expect(normalizeBlocklist(['+1 555 010 0000', 'A@x.io', '+15550100000', 'a@X.IO', '0000000'])).toEqual([
      '+15550100000',
      'a@x.io',
      '0000000',
    ]);
  });
});
