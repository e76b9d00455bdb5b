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
  it.each<[string, string[], string[]]>([
    ['(555) 010-1001', [], ['+15550101001', '+445550101001']],
    ['555-010-1001', ['5550101001'], ['+15550101001']],
    ['15550101001', ['15550101001'], ['+15550101001', '+4415550101001']],
    ['020 7946 0958', ['02079460958'], ['+442079460958', '+4402079460958']],
    ['06 1234 5678', ['0612345678'], ['+390612345678', '+33612345678']],
    ['+1 555 010 1001', ['+15550101001'], []],
    ['0044 20 7946 0958', ['+442079460958', '00442079460958'], []],
    ['Ann@Example.com', ['ann@example.com'], []],
    ['8812', ['8812'], []],
    ['Ann Lee', [], []],
  ])('%j → exact %j, national numbers with %j', (term, exact, national) => {
    const values = searchValues(term);
    expect(values.exact).toEqual(expect.arrayContaining(exact));
    expect(values.national).toEqual(expect.arrayContaining(national));
    if (national.length === 0) expect(values.national).toEqual([]);
  });

  it('means the digits as the whole national number, never as part of a longer one', () => {
    const { national } = searchValues('(555) 010-1001');
    expect(national).not.toContain('+155501010019');
    expect(national).not.toContain('+4915550101001');
    expect(national.every((value) => /^\+\d{0,3}5550101001$/.test(value))).toBe(true);
    expect(national.every((value) => value.length <= 16)).toBe(true);
  });
});
