import {
  connectorKeyHint,
  connectorSecretMatches,
  formatConnectorKey,
  generateConnectorKey,
  hashConnectorSecret,
  parseConnectorKey,
} from './connector-key.js';

describe('connector keys', () => {
  it('parses what it generates', () => {
    const generated = generateConnectorKey();
    expect(parseConnectorKey(generated.key)).toEqual({ keyId: generated.keyId, secret: generated.secret });
  });

  it('formats the parts of a key into the key', () => {
    const { key, keyId, secret } = generateConnectorKey();
    expect(formatConnectorKey({ keyId, secret })).toBe(key);
  });

  it('hints at a key with its first 12 characters, none of them secret', () => {
    const { key, keyId } = generateConnectorKey('0123456789abcdef01234567');
    expect(connectorKeyHint(keyId)).toBe('cck_01234567');
    expect(key.startsWith(connectorKeyHint(keyId))).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['wrong prefix', `xyz_${'a'.repeat(24)}_${'b'.repeat(43)}`],
    ['short id', `cck_${'a'.repeat(23)}_${'b'.repeat(43)}`],
    ['short secret', `cck_${'a'.repeat(24)}_${'b'.repeat(42)}`],
    ['bad characters', `cck_${'g'.repeat(24)}_${'b'.repeat(43)}`],
  ])('refuses a malformed key (%s)', (_name, key) => {
    expect(parseConnectorKey(key)).toBeUndefined();
  });

  it('matches only the right secret', () => {
    const { secret } = generateConnectorKey();
    const stored = hashConnectorSecret(secret);
    expect(connectorSecretMatches(secret, stored)).toBe(true);
    expect(connectorSecretMatches(generateConnectorKey().secret, stored)).toBe(false);
    expect(connectorSecretMatches(secret, 'abcd')).toBe(false);
  });
});
