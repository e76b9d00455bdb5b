import { describe, expect, it } from '@jest/globals';
import { generateWebhookSecret, webhookSignature } from './webhook-signature.js';

describe('webhookSignature', () => {
  // Vectors computed independently: printf '%s' "<t>.<body>" | openssl dgst -sha256 -hmac "<secret>"
  it.each([
    [
      'whsec_test',
      1764918000,
      '{"id":"customer.merged:m1"}',
      't=1764918000,v1=778f559713f63a99f65207955ec90e605eaf1671d554f0b48809a7fa5972e542',
    ],
    ['s', 0, '', 't=0,v1=2572e102ebbc88d57bc0ef48471ee28bb7fc8c6e9c0558b3c8e5d276f84ac9c3'],
  ])('secret %s, t=%s, body %s → %s', (secret, t, body, header) => {
    expect(webhookSignature(secret, t, body)).toBe(header);
  });

  it('changes with the body, the time and the secret', () => {
    const base = webhookSignature('a', 1, 'x');
    expect(webhookSignature('a', 1, 'y')).not.toBe(base);
    expect(webhookSignature('a', 2, 'x')).not.toBe(base);
    expect(webhookSignature('b', 1, 'x')).not.toBe(base);
  });
});

describe('generateWebhookSecret', () => {
  it('is long, URL-safe and new each time', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
