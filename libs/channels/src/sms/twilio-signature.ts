import { createHmac } from 'node:crypto';
import { constantTimeEquals } from '../constant-time.js';

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

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  header: string | undefined,
): boolean {
  if (!header || !authToken) return false;
  return constantTimeEquals(header, twilioSignature(authToken, url, params));
}
