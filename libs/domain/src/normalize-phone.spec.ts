import { normalizePhone, writtenWithCountryCode } from './normalize-phone.js';

describe('normalizePhone', () => {
  it.each([
    ['US, international', '+1 202-555-0123', undefined, '+12025550123', '+1 202 555 0123'],
    ['US, national with default country', '(202) 555-0123', 'US', '+12025550123', '+1 202 555 0123'],
    ['US, dotted', '202.555.0123', 'US', '+12025550123', '+1 202 555 0123'],
    ['US, trunk prefix with default country', '1 202 555 0123', 'US', '+12025550123', '+1 202 555 0123'],
    [
      'US, fictional 555-01xx range (possible, not valid)',
      '+1 555 555 0100',
      undefined,
      '+15555550100',
      '+1 555 555 0100',
    ],
    ['UK mobile', '+44 7911 123456', undefined, '+447911123456', '+44 7911 123456'],
    ['UK mobile, 00 for +', '0044 7911 123456', undefined, '+447911123456', '+44 7911 123456'],
    ['UK mobile, 00 for + under another default country', '0044 7911 123456', 'US', '+447911123456', '+44 7911 123456'],
    ['UK mobile, national', '07911 123456', 'GB', '+447911123456', '+44 7911 123456'],
    ['UK landline, national', '020 7183 8750', 'GB', '+442071838750', '+44 20 7183 8750'],
    ['BR mobile', '+55 11 98765-4321', undefined, '+5511987654321', '+55 11 98765 4321'],
    ['BR mobile, national', '(11) 98765-4321', 'BR', '+5511987654321', '+55 11 98765 4321'],
    ['BR mobile without the 9', '+55 11 8765-4321', undefined, '+5511987654321', '+55 11 98765 4321'],
    ['BR mobile without the 9, national', '(21) 8765-4321', 'BR', '+5521987654321', '+55 21 98765 4321'],
    ['BR landline keeps 8 digits', '+55 11 3333-4444', undefined, '+551133334444', '+55 11 3333 4444'],
    ['MX mobile', '+52 55 1234 5678', undefined, '+525512345678', '+52 55 1234 5678'],
    ['MX mobile with the old 1', '+52 1 55 1234 5678', undefined, '+525512345678', '+52 55 1234 5678'],
    ['MX mobile with the old 1, Monterrey', '+52 1 81 1234 5678', undefined, '+528112345678', '+52 81 1234 5678'],
    ['MX mobile, national', '55 1234 5678', 'MX', '+525512345678', '+52 55 1234 5678'],
  ] as const)('%s: %s', (_case, raw, country, value, display) => {
    expect(normalizePhone(raw, country)).toEqual({ value, display });
  });

  it.each([
    ['wa_id, US', '16505551234', undefined, '+16505551234'],
    ['wa_id, UK', '447911123456', undefined, '+447911123456'],
    ['wa_id, BR', '5511987654321', undefined, '+5511987654321'],
    ['wa_id, BR without the 9', '551187654321', undefined, '+5511987654321'],
    ['wa_id, MX with the old 1', '5215512345678', undefined, '+525512345678'],
    ['wa_id, MX', '525512345678', undefined, '+525512345678'],
    ['wa_id under a default country that does not fit it', '447911123456', 'US', '+447911123456'],
    ['Twilio WhatsApp sender', 'whatsapp:+16505551234', undefined, '+16505551234'],
    ['Twilio WhatsApp sender, BR without the 9', 'whatsapp:+551187654321', undefined, '+5511987654321'],
    ['upper-case prefix', 'WhatsApp:+16505551234', undefined, '+16505551234'],
    ['tel URI', 'tel:+1-650-555-1234', undefined, '+16505551234'],
    ['sms URI', 'sms:+447911123456', undefined, '+447911123456'],
    ['tel URI, 00 for +', 'tel:0044 7911 123456', undefined, '+447911123456'],
    ['00 for +, BR without the 9', '00 55 11 8765-4321', undefined, '+5511987654321'],
    ['surrounding spaces', '  +1 650 555 1234 \n', undefined, '+16505551234'],
  ] as const)('%s: %s', (_case, raw, country, value) => {
    expect(normalizePhone(raw, country)?.value).toBe(value);
  });

  it('gives the same value to every spelling of one number', () => {
    const spellings = [
      '+55 11 98765-4321',
      '5511987654321',
      '551187654321',
      'whatsapp:+551187654321',
      '(11) 98765-4321',
    ];
    const values = new Set(spellings.map((raw) => normalizePhone(raw, 'BR')?.value));
    expect([...values]).toEqual(['+5511987654321']);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['letters', 'abc'],
    ['prefix only', 'whatsapp:'],
    ['too short', '12'],
    ['incomplete', '+1 202'],
    ['too long', '+1 202 555 0123 4567 8901'],
    ['number inside text', 'call +1 202 555 0123'],
    ['extension', '+1 202 555 0123 ext. 4'],
    ['vanity letters', '+1 800 FLOWERS'],
    ['unknown country code', '+999 1234 5678'],
    ['national number without a country', '07911 123456'],
    ['two plus signs', '++44 7911 123456'],
    ['00 and a plus sign', '00+44 7911 123456'],
    ['00 before an unknown country code', '00999 1234 5678'],
    ['email address', 'ann@example.com'],
  ])('refuses %s: %j', (_case, raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });
});

describe('writtenWithCountryCode', () => {
  it.each([
    ['+1 202 555 0123', true],
    ['0044 20 7946 0958', true],
    [' +44 20 7946 0958', true],
    ['whatsapp:15550100123', true],
    ['TEL:+1-650-555-1234', true],
    ['sms:+447911123456', true],
    ['(202) 555-0123', false],
    ['07911 123456', false],
    ['0000000', true],
    ['8812 3344', false],
  ])('%j → %s', (raw, expected) => {
    expect(writtenWithCountryCode(raw)).toBe(expected);
  });
});
