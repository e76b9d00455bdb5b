import { MalformedPayloadError } from '../errors.js';

/** Meta sends unix seconds as a string. */
export function isoFromUnixSeconds(value: unknown, what: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,11}$/.test(text)) {
    throw new MalformedPayloadError(`${what} must be unix seconds`);
  }
  return new Date(Number(text) * 1000).toISOString();
}
