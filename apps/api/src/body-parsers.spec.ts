import { describe, expect, it } from '@jest/globals';
import { bodyLimitBytes, largeRouteLimit } from './body-parsers.js';

describe('bodyLimitBytes', () => {
  it.each([
    ['512kb', 512 * 1024],
    ['1mb', 1024 * 1024],
    ['25mb', 25 * 1024 * 1024],
  ])('%s is %d bytes', (limit, bytes) => {
    expect(bodyLimitBytes(limit)).toBe(bytes);
  });

  it.each(['1gb', '1 mb', 'mb', ''])('refuses %j', (limit) => {
    expect(() => bodyLimitBytes(limit)).toThrow(/BODY_LIMIT/);
  });
});

describe('largeRouteLimit', () => {
  it.each([
    ['/webhooks/mailgun/:channelId', true],
    ['/webhooks/mailgun/:channelId/mime', true],
    ['/webhooks/twilio/:channelId', false],
    ['/api/v1/auth/login', false],
  ])('%s has a limit of its own: %s', (url, large) => {
    expect(largeRouteLimit(url) !== undefined).toBe(large);
  });
});
