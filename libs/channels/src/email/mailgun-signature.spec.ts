import { createHmac } from 'node:crypto';
import { verifyMailgunSignature } from './mailgun-signature.js';

// The vector of samples/README.md.
const vector = {
  timestamp: '1770920772',
  token: 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123',
  signature: 'e8f5d8f1bd9ce26cc6e78f1cbde9e93cc2bba777a3d3005819ca8de26128118d',
};
const now = 1770920772;

describe('verifyMailgunSignature', () => {
  it.each([
    ['the documented vector, just received', vector, 'key', now, undefined, 'ok'],
    ['upper-case hex', { ...vector, signature: vector.signature.toUpperCase() }, 'key', now, undefined, 'ok'],
    ['299 s old', vector, 'key', now + 299, undefined, 'ok'],
    ['exactly 300 s old', vector, 'key', now + 300, undefined, 'ok'],
    ['301 s old', vector, 'key', now + 301, undefined, 'stale'],
    ['an hour old', vector, 'key', now + 3600, undefined, 'stale'],
    ['301 s in the future', vector, 'key', now - 301, undefined, 'stale'],
    ['a longer allowed age', vector, 'key', now + 3600, 3600, 'ok'],
    ['wrong key', vector, 'other', now, undefined, 'bad_signature'],
    ['other token', { ...vector, token: `${vector.token}0` }, 'key', now, undefined, 'bad_signature'],
    ['other timestamp', { ...vector, timestamp: '1770920773' }, 'key', now, undefined, 'bad_signature'],
    [
      'truncated signature',
      { ...vector, signature: vector.signature.slice(0, -2) },
      'key',
      now,
      undefined,
      'bad_signature',
    ],
    [
      'non-hex signature',
      { ...vector, signature: `${vector.signature.slice(0, -1)}g` },
      'key',
      now,
      undefined,
      'bad_signature',
    ],
    ['missing signature', { ...vector, signature: undefined }, 'key', now, undefined, 'bad_signature'],
    ['missing token', { ...vector, token: undefined }, 'key', now, undefined, 'bad_signature'],
    ['missing timestamp', { ...vector, timestamp: undefined }, 'key', now, undefined, 'bad_signature'],
    ['empty signing key', vector, '', now, undefined, 'bad_signature'],
  ] as const)('%s', (_case, fields, key, nowSeconds, maxAge, verdict) => {
    expect(verifyMailgunSignature(fields, key, nowSeconds, maxAge)).toBe(verdict);
  });

  it('calls a validly signed timestamp that is not a number stale', () => {
    const fields = { timestamp: 'soon', token: 'abc' };
    const signature = createHmac('sha256', 'key').update('soonabc').digest('hex');
    expect(verifyMailgunSignature({ ...fields, signature }, 'key', now)).toBe('stale');
  });
});
