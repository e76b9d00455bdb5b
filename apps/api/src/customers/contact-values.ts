import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import { normalizeEmail, normalizePhone, type ContactType } from '@app/domain';

export interface ContactValue {
  /** What matching compares: E.164, lower-case email with ASCII domain, card digits and capitals. */
  value: string;
  display: string;
}

export type ContactValueResult = ContactValue | { error: string };

const INTERNATIONAL = /^\s*(?:\+|00)/;
const CARD = /^[A-Z0-9]{1,64}$/;
const CARD_SEPARATORS = /[\s-]/g;

/**
 * A contact value typed by an agent, normalized as identities are. A phone needs its country: written
 * internationally (`+…` or `00…`) or with `country` — "(555) 010-1001" alone is a different number in every
 * country, and guessing one would store someone else's.
 */
export function normalizeContactValue(type: ContactType, raw: string, country?: string): ContactValueResult {
  switch (type) {
    case 'phone': {
      if (country !== undefined && !isSupportedCountry(country)) return { error: `unknown country ${country}` };
      const international = INTERNATIONAL.test(raw);
      if (!international && country === undefined) {
        return { error: 'a phone number needs its country code (+…) or a country' };
      }
      const text = international
        ? raw
        : parsePhoneNumberFromString(raw, { defaultCountry: country as CountryCode, extract: false })?.number;
      const phone = text === undefined ? undefined : normalizePhone(text);
      return phone ?? { error: 'not a valid phone number' };
    }
    case 'email':
      return normalizeEmail(raw) ?? { error: 'not a valid email address' };
    case 'card': {
      const value = raw.replace(CARD_SEPARATORS, '').toUpperCase();
      return CARD.test(value)
        ? { value, display: raw.trim() }
        : { error: 'a card number is 1 to 64 letters and digits (spaces and dashes are ignored)' };
    }
  }
}

/** Digits an agent may have typed of a phone number, without its country code: "(555) 010-1001". */
const NATIONAL_PHONE = /^[\d\s().-]+$/;
const MIN_NATIONAL_DIGITS = 6;
/** E.164 allows 15 digits after the plus. */
const MAX_E164_DIGITS = 15;
const CALLING_CODES = [...new Set(getCountries().map((country) => getCountryCallingCode(country)))];

/**
 * The numbers that digits typed without a plus can be, in every country: the digits after each calling code, without
 * the trunk prefix 0 and (for countries that keep it, like Italy) with it, or the digits as a whole number. Looked up by equality, so a search
 * by a national number reads an index, where a pattern on the end of every stored number would read them all.
 */
function nationalNumbers(term: string): string[] {
  if (!NATIONAL_PHONE.test(term)) return [];
  const typed = term.replace(/\D/g, '');
  const significant = typed.replace(/^0+/, '');
  if (significant.length < MIN_NATIONAL_DIGITS) return [];
  // The digits may also start with their country code, written without the plus.
  const numbers = new Set<string>(significant.length <= MAX_E164_DIGITS ? [`+${significant}`] : []);
  for (const digits of new Set([significant, typed])) {
    for (const code of CALLING_CODES) {
      if (code.length + digits.length <= MAX_E164_DIGITS) numbers.add(`+${code}${digits}`);
    }
  }
  return [...numbers];
}

/**
 * The stored values a search term can mean: `exact` as written (an email, an international phone, a card), and
 * `national`: the numbers of every country that digits without country code can be.
 */
export function searchValues(term: string): { exact: string[]; national: string[] } {
  const exact = new Set<string>();
  const email = term.includes('@') ? normalizeEmail(term) : undefined;
  if (email) exact.add(email.value);
  const international = INTERNATIONAL.test(term);
  const phone = international ? normalizeContactValue('phone', term) : undefined;
  if (phone && 'value' in phone) exact.add(phone.value);
  const card = normalizeContactValue('card', term);
  if ('value' in card) exact.add(card.value);
  return { exact: [...exact], national: international ? [] : nationalNumbers(term) };
}
