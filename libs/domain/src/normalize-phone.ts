import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

export interface NormalizedPhone {
  /** E.164, the key identities are matched on. */
  value: string;
  display: string;
}

const CHANNEL_PREFIX = /^(?:whatsapp|tel|sms):/i;
/** Most countries dial out with 00 where E.164 writes `+`; no country code starts with 0, so it reads no other way. */
const INTERNATIONAL_DIALING_PREFIX = /^00/;
const PHONE_CHARACTERS = /^\+?[\d\s().-]{3,32}$/;
const WITH_COUNTRY_CODE = /^(?:\+|00)/;

/**
 * Whether the text carries its country code: written internationally (`+…`, `00…`) or as a channel address, whose
 * digits are E.164 (`whatsapp:15550100123`).
 */
export function writtenWithCountryCode(raw: string): boolean {
  const text = raw.trim();
  return CHANNEL_PREFIX.test(text) || WITH_COUNTRY_CODE.test(text);
}

/**
 * A phone number in E.164, or undefined when the text cannot be one.
 *
 * A number of plausible length for its country is accepted even when libphonenumber's metadata calls it invalid:
 * providers have already verified the numbers they deliver from, new ranges reach the metadata late, and rejecting
 * one would drop a real customer's message. The metadata still picks the reading and the canonical form.
 */
export function normalizePhone(raw: string, defaultCountry?: CountryCode): NormalizedPhone | undefined {
  const text = raw.trim().replace(CHANNEL_PREFIX, '').trim().replace(INTERNATIONAL_DIALING_PREFIX, '+');
  if (!PHONE_CHARACTERS.test(text)) return undefined;
  const readings = readingsOf(text, defaultCountry).map(canonicalMobileForm);
  const chosen = readings.find((number) => number.isValid()) ?? readings.find((number) => number.isPossible());
  return chosen && { value: chosen.number, display: chosen.formatInternational() };
}

/** Without `+`, digits are a national number of the default country or, failing that, a `wa_id` (E.164 minus `+`). */
function readingsOf(text: string, defaultCountry: CountryCode | undefined): PhoneNumber[] {
  const international = text.startsWith('+') ? text : `+${text}`;
  const candidates = [
    defaultCountry && !text.startsWith('+') ? parse(text, defaultCountry) : undefined,
    parse(international, undefined),
  ];
  return candidates.filter((number) => number !== undefined);
}

function parse(text: string, defaultCountry: CountryCode | undefined): PhoneNumber | undefined {
  return parsePhoneNumberFromString(text, { defaultCountry, extract: false });
}

/**
 * Brazil and Mexico mobiles reach us spelled two ways, and one person must have one identity:
 * - Brazil added a leading 9 to every mobile (2012–2016): +55 11 98765-4321 was +55 11 8765-4321. WhatsApp still
 *   reports the old spelling as `wa_id` for accounts registered before, while SMS, agents and libphonenumber use the
 *   new one. Canonical: the 9-digit form, the number as it is dialed today.
 * - Mexico dropped the mobile "1" after +52 in 2019 (+52 1 55… became +52 55…). WhatsApp still reports `521…`,
 *   Twilio and libphonenumber use `52…`. Canonical: +52 without the 1, the only form valid today.
 * Send WhatsApp replies to the `wa_id` as received rather than to this value.
 */
function canonicalMobileForm(number: PhoneNumber): PhoneNumber {
  if (number.isValid()) return number;
  const national = number.nationalNumber;
  if (number.countryCallingCode === '55' && /^\d{10}$/.test(national)) {
    return mobileOr(`+55${national.slice(0, 2)}9${national.slice(2)}`, number);
  }
  if (number.countryCallingCode === '52' && /^1\d{10}$/.test(national)) {
    return mobileOr(`+52${national.slice(1)}`, number);
  }
  return number;
}

function mobileOr(candidate: string, fallback: PhoneNumber): PhoneNumber {
  const number = parse(candidate, undefined);
  const type = number?.getType();
  return number?.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') ? number : fallback;
}
