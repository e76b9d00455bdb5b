import { describe, expect, it } from '@jest/globals';
import { redactedUrl } from './redacted-url.js';

describe('redactedUrl', () => {
  it.each([
    ['/webhooks/whatsapp/abc', '/webhooks/whatsapp/abc'],
    [
      '/webhooks/whatsapp/abc?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=42',
      '/webhooks/whatsapp/abc?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=42',
    ],
    ['/x?hub.verify_token=s3cret', '/x?hub.verify_token=[redacted]'],
    ['/x?HUB.VERIFY_TOKEN=s3cret#frag', '/x?HUB.VERIFY_TOKEN=[redacted]#frag'],
    ['/x?hub%2Everify_token=s3cret&a=1', '/x?hub%2Everify_token=[redacted]&a=1'],
    ['/x?not_hub.verify_token=keep', '/x?not_hub.verify_token=keep'],
  ])('%s', (url, expected) => {
    expect(redactedUrl(url)).toBe(expected);
  });
});
