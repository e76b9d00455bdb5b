import { createHmac } from 'node:crypto';
import { constantTimeEquals } from '../constant-time.js';
import { twilioSignedUrlCandidates } from './twilio-connection-overrides.js';

/**
 * `X-Twilio-Signature` as Twilio computes it: base64 HMAC-SHA1 of the public URL (as configured in Twilio, query
 * string included) followed by every POST parameter name and value, names sorted.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/**
 * Whether `header` signs the request that reached `url` (the public URL, without fragment): over that URL, or over
 * it with the connection overrides we hand out in Twilio URLs (see `twilioSignedUrlCandidates`).
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  header: string | undefined,
): boolean {
  if (!header || !authToken) return false;
  return twilioSignedUrlCandidates(url)
    .map((candidate) => constantTimeEquals(header, twilioSignature(authToken, candidate, params)))
    .some(Boolean);
}
