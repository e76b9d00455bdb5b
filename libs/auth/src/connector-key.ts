import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';

const PREFIX = 'cck';
const FORMAT = /^cck_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

export interface ConnectorKeyParts {
  keyId: string;
  secret: string;
}

/** A new connector key: `cck_<key id>_<32 random bytes, base64url>`. */
export function generateConnectorKey(keyId = new Types.ObjectId().toHexString()): ConnectorKeyParts & { key: string } {
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: formatConnectorKey({ keyId, secret }) };
}

export function formatConnectorKey({ keyId, secret }: ConnectorKeyParts): string {
  return `${PREFIX}_${keyId}_${secret}`;
}

/** What the key list shows of a key: its first characters, enough to tell keys apart, none of the secret. */
export function connectorKeyHint(keyId: string): string {
  return `${PREFIX}_${keyId.slice(0, 8)}`;
}

/** Whether a bearer token is meant as a connector key rather than a user's access token (valid or not). */
export function isConnectorKeyShaped(token: string): boolean {
  return token.startsWith(`${PREFIX}_`);
}

export function parseConnectorKey(key: string): ConnectorKeyParts | undefined {
  const match = FORMAT.exec(key);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

/** Keys carry 256 random bits, so a fast hash is enough (no password stretching needed). */
export function hashConnectorSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function connectorSecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashConnectorSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
