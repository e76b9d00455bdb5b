import { validateSync } from 'class-validator';
import { IsUniqueIdentifierType, UNIQUE_IDENTIFIER_TYPE } from './unique-identifier-type.js';

class Holder {
  @IsUniqueIdentifierType()
  type!: string;
}

function errorsOf(type: string): string[] {
  const holder = Object.assign(new Holder(), { type });
  return validateSync(holder).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('unique identifier type', () => {
  it.each(['loyaltyCard', 'crm_id', 'ref-2', 'a', `a${'b'.repeat(39)}`])('accepts %s', (type) => {
    expect(UNIQUE_IDENTIFIER_TYPE.test(type)).toBe(true);
    expect(errorsOf(type)).toEqual([]);
  });

  it.each(['', '2fa', '_id', 'loyalty card', 'a.b', `a${'b'.repeat(40)}`])('refuses %p', (type) => {
    expect(UNIQUE_IDENTIFIER_TYPE.test(type)).toBe(false);
    expect(errorsOf(type)).toEqual(['type must start with a letter, then up to 39 letters, digits, _ or -']);
  });
});
