import { normalizeEmail } from './normalize-email.js';

describe('normalizeEmail', () => {
  it.each([
    ['plain', 'ann@example.com', 'ann@example.com', 'ann@example.com'],
    ['upper case', 'Ann@Example.COM', 'ann@example.com', 'Ann@Example.COM'],
    ['surrounding spaces', '  ann@example.com\n', 'ann@example.com', 'ann@example.com'],
    ['angle brackets', '<Ann@Example.com>', 'ann@example.com', 'Ann@Example.com'],
    ['display name', 'Ann <Ann@Example.com>', 'ann@example.com', 'Ann@Example.com'],
    ['quoted display name', '"Smith, Ann" <ann@example.com>', 'ann@example.com', 'ann@example.com'],
    ['spaces inside brackets', 'Ann < ann@example.com >', 'ann@example.com', 'ann@example.com'],
    ['IDN domain', 'ann@bücher.de', 'ann@xn--bcher-kva.de', 'ann@bücher.de'],
    ['IDN domain, upper case', 'Ann@BÜCHER.de', 'ann@xn--bcher-kva.de', 'Ann@BÜCHER.de'],
    ['punycode domain', 'ann@xn--bcher-kva.de', 'ann@xn--bcher-kva.de', 'ann@xn--bcher-kva.de'],
    ['unicode local part', 'José@Example.com', 'josé@example.com', 'José@Example.com'],
    ['plus and dots', 'Ann.B+Support@Gmail.com', 'ann.b+support@gmail.com', 'Ann.B+Support@Gmail.com'],
    ['subdomain', 'ann@mail.example.co.uk', 'ann@mail.example.co.uk', 'ann@mail.example.co.uk'],
    ['hyphenated domain', 'ann@my-shop.example', 'ann@my-shop.example', 'ann@my-shop.example'],
  ])('%s: %j', (_case, raw, value, display) => {
    expect(normalizeEmail(raw)).toEqual({ value, display });
  });

  it('gives one value to every spelling of one address', () => {
    const spellings = ['Ann@Example.com', 'ann@example.com', ' ANN@EXAMPLE.COM ', 'Ann <ann@Example.com>'];
    expect(new Set(spellings.map((raw) => normalizeEmail(raw)?.value))).toEqual(new Set(['ann@example.com']));
  });

  it.each([
    ['empty', ''],
    ['no at sign', 'ann.example.com'],
    ['no local part', '@example.com'],
    ['no domain', 'ann@'],
    ['single-label domain', 'ann@localhost'],
    ['numeric top-level domain', 'ann@1.2.3.4'],
    ['address literal', 'ann@[192.0.2.1]'],
    ['two at signs', 'ann@b@example.com'],
    ['space in local part', 'ann smith@example.com'],
    ['space in domain', 'ann@exa mple.com'],
    ['leading dot', '.ann@example.com'],
    ['double dot in local part', 'ann..b@example.com'],
    ['empty domain label', 'ann@example..com'],
    ['trailing dot in domain', 'ann@example.com.'],
    ['hyphen at label edge', 'ann@-example.com'],
    ['underscore in domain', 'ann@ex_ample.com'],
    ['quoted local part', '"ann"@example.com'],
    ['unclosed bracket', 'Ann <ann@example.com'],
    ['empty brackets', 'Ann <>'],
    ['two addresses', 'ann@example.com, bob@example.com'],
    ['local part over 64 characters', `${'a'.repeat(65)}@example.com`],
    ['domain label over 63 characters', `ann@${'a'.repeat(64)}.com`],
    ['phone number', '+15550100'],
  ])('refuses %s: %j', (_case, raw) => {
    expect(normalizeEmail(raw)).toBeUndefined();
  });
});
