import { createHmac, randomBytes } from 'node:crypto';

/** The header receivers check: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" under the secret>`. */
export const SIGNATURE_HEADER = 'X-Signature';

export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** A secret for a subscription created without one: 32 random bytes, URL-safe. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
