import { createHmac } from 'node:crypto';
import { constantTimeEquals } from '../constant-time.js';

const SIGNATURE_HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256` against the bytes received. Meta signs its own serialization (non-ASCII escaped as
 * `\u00e4`), so re-serialized JSON would not match.
 */
export function verifyWhatsappSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = SIGNATURE_HEADER.exec(header?.trim() ?? '');
  if (!match || !appSecret) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  return constantTimeEquals(match[1].toLowerCase(), expected);
}
