import { describe, expect, it } from '@jest/globals';
import {
  TWILIO_CONNECTION_OVERRIDES,
  twilioSignedUrlCandidates,
  withTwilioConnectionOverrides,
} from './twilio-connection-overrides.js';

describe('TWILIO_CONNECTION_OVERRIDES', () => {
  const overrides = new URLSearchParams(TWILIO_CONNECTION_OVERRIDES);

  it('retries connect and read timeouts and 5xx, not 4xx', () => {
    expect(overrides.get('rp')?.split(',').sort()).toEqual(['5xx', 'ct', 'rt']);
  });

  it("stays within Twilio's ranges: up to 5 retries, 15 s in all, a read timeout leaving room for retries", () => {
    const ms = (name: string) => Number(overrides.get(name));
    expect(Number(overrides.get('rc'))).toBeGreaterThan(0);
    expect(Number(overrides.get('rc'))).toBeLessThanOrEqual(5);
    expect(ms('tt')).toBeLessThanOrEqual(15_000);
    expect(ms('ct') + ms('rt')).toBeLessThan(ms('tt'));
    expect([...overrides.keys()].sort()).toEqual(['ct', 'rc', 'rp', 'rt', 'tt']);
  });
});

describe('withTwilioConnectionOverrides', () => {
  it.each([
    [
      'a webhook URL',
      'https://cc.example/webhooks/twilio/ch1',
      `https://cc.example/webhooks/twilio/ch1#${TWILIO_CONNECTION_OVERRIDES}`,
    ],
    ['a URL with a query', 'https://cc.example/hook?a=1', `https://cc.example/hook?a=1#${TWILIO_CONNECTION_OVERRIDES}`],
    [
      'a URL with a fragment of its own',
      'https://cc.example/hook#rc=1',
      `https://cc.example/hook#${TWILIO_CONNECTION_OVERRIDES}`,
    ],
  ])('%s', (_case, url, expected) => {
    expect(withTwilioConnectionOverrides(url)).toBe(expected);
  });

  it('is the same applied twice', () => {
    const once = withTwilioConnectionOverrides('https://cc.example/hook');
    expect(withTwilioConnectionOverrides(once)).toBe(once);
  });

  it('gives a URL that parses, its fragment being the overrides', () => {
    expect(new URL(withTwilioConnectionOverrides('https://cc.example/hook')).hash).toBe(
      `#${TWILIO_CONNECTION_OVERRIDES}`,
    );
  });
});

describe('twilioSignedUrlCandidates', () => {
  it('is the URL received, then with the overrides handed out', () => {
    expect(twilioSignedUrlCandidates('https://cc.example/hook')).toEqual([
      'https://cc.example/hook',
      `https://cc.example/hook#${TWILIO_CONNECTION_OVERRIDES}`,
    ]);
  });
});
