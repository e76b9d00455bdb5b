import { normalizeEmail, normalizePhone, writtenWithCountryCode } from '@app/domain';

/**
 * A blocklist entry as matching compares values: emails and internationally written phones normalized like stored
 * contact data. Digits without a country code stay as written: they may be a card number, and guessing a country
 * would block someone else's phone.
 */
export function normalizeBlocklistEntry(raw: string): string {
  const text = raw.trim();
  if (text.includes('@')) return normalizeEmail(text)?.value ?? text;
  if (writtenWithCountryCode(text)) return normalizePhone(text)?.value ?? text;
  return text;
}

/** Normalized, each value once, in the order given. */
export function normalizeBlocklist(entries: string[]): string[] {
  return [...new Set(entries.map(normalizeBlocklistEntry))];
}
