import { createHmac } from 'node:crypto';
import { constantTimeEquals } from '../constant-time.js';

export interface MailgunSignatureFields {
  timestamp?: string;
  token?: string;
  signature?: string;
}

export type MailgunVerdict = 'ok' | 'bad_signature' | 'stale';

/** How far Mailgun's timestamp may be from our clock. */
export const MAILGUN_MAX_AGE_SECONDS = 300;

/**
 * Checks Mailgun's hex HMAC-SHA256 of `timestamp + token` and the timestamp's age. Refusing a reused token is the
 * caller's job: it needs storage.
 */
export function verifyMailgunSignature(
  { timestamp, token, signature }: MailgunSignatureFields,
  signingKey: string,
  nowSeconds: number,
  maxAgeSeconds = MAILGUN_MAX_AGE_SECONDS,
): MailgunVerdict {
  if (!signingKey || !timestamp || !token || !signature) return 'bad_signature';
  const expected = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest('hex');
  if (!constantTimeEquals(signature.toLowerCase(), expected)) return 'bad_signature';
  const fresh = /^\d{1,11}$/.test(timestamp) && Math.abs(nowSeconds - Number(timestamp)) <= maxAgeSeconds;
  return fresh ? 'ok' : 'stale';
}
