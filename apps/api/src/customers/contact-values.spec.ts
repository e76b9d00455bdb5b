import { describe, expect, it } from '@jest/globals';
import { normalizeContactValue, searchValues } from './contact-values.js';
import type { ContactType } from '@app/domain';

describe('normalizeContactValue', () => {
  it.each<[ContactType, string, string | undefined, string]>([
    ['phone', '+1 555 010 1001', undefined, '+15550101001'],
    ['phone', '+1 (555) 010-1001', undefined, '+15550101001'],
    ['phone', '  +15550101001  ', undefined, '+15550101001'],
    ['phone', '0044 20 7946 0958', undefined, '+442079460958'],
    ['phone', '(555) 010-1001', 'US', '+15550101001'],
    ['phone', '020 7946 0958', 'GB', '+442079460958'],
    ['phone', '+44 20 7946 0958', 'US', '+442079460958'],
    ['email', 'Ann.Lee@Example.COM', undefined, 'ann.lee@example.com'],
    ['email', 'Ann <ann@bücher.example>', undefined, 'ann@xn--bcher-kva.example'],
    ['card', '4111 1111-1111 1111', undefined, '4111111111111111'],
    ['card', ' ab12 cd ', undefined, 'AB12CD'],
  ])('%s %j (country %s) → %s', (type, raw, country, value) => {
    expect(normalizeContactValue(type, raw, country)).toMatchObject({ value });
  });

  it.each<[ContactType, string, string | undefined, RegExp]>([
    ['phone', '(555) 010-1001', undefined, /country code/],
    ['phone', '15550101001', undefined, /country code/],
    ['phone', '+1 23', undefined, /not a valid phone/],
    ['phone', 'call me', 'US', /not a valid phone/],
    ['phone', '+1 555 010 1001 ext', undefined, /not a valid phone/],
    ['phone', '555 010 1001', 'XX', /unknown country/],
    ['email', 'ann@', undefined, /not a valid email/],
    ['email', 'ann at example.com', undefined, /not a valid email/],
    ['card', '4111/1111', undefined, /letters and digits/],
    ['card', '  ', undefined, /letters and digits/],
    ['card', '9'.repeat(65), undefined, /letters and digits/],
  ])('refuses %s %j (country %s)', (type, raw, country, error) => {
    const result = normalizeContactValue(type, raw, country);
    expect('error' in result && result.error).toMatch(error);
  });

  it('keeps the value as written for display', () => {
    expect(normalizeContactValue('card', ' ab12 cd ')).toEqual({ value: 'AB12CD', display: 'ab12 cd' });
    expect(normalizeContactValue('email', 'Ann.Lee@Example.com')).toEqual({
      value: 'ann.lee@example.com',
      display: 'Ann.Lee@Example.com',
    });
  });
});

describe('searchValues', () => {
  it.each<[string, string[], string | undefined]>([
    ['(555) 010-1001', [], '^\\+\\d*5550101001$'],
    ['555-010-1001', ['5550101001'], '^\\+\\d*5550101001$'],
    ['020 7946 0958', ['02079460958'], '^\\+\\d*2079460958$'],
    ['+1 555 010 1001', ['+15550101001'], undefined],
    ['0044 20 7946 0958', ['+442079460958', '00442079460958'], undefined],
    ['Ann@Example.com', ['ann@example.com'], undefined],
    ['8812', ['8812'], undefined],
    ['Ann Lee', [], undefined],
  ])('%j → exact %j, phone pattern %s', (term, exact, pattern) => {
    const values = searchValues(term);
    expect(values.exact).toEqual(expect.arrayContaining(exact));
    expect(values.phonePattern?.source).toBe(pattern);
  });

  it('never matches a number that only contains the digits', () => {
    const { phonePattern } = searchValues('(555) 010-1001');
    expect(phonePattern?.test('+15550101001')).toBe(true);
    expect(phonePattern?.test('+4915550101001')).toBe(true);
    expect(phonePattern?.test('+155501010019')).toBe(false);
    expect(phonePattern?.test('ann5550101001@example.com')).toBe(false);
  });
});
