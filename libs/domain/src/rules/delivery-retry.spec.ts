import { describe, expect, it } from '@jest/globals';
import {
  decideDelivery,
  retryAfterMs,
  type DeliveryDecision,
  type DeliveryOutcome,
  type DeliveryRetryPolicy,
} from './delivery-retry.js';

const policy: DeliveryRetryPolicy = { maxAttempts: 5, maxAgeMs: 3_600_000, baseDelayMs: 1_000, maxDelayMs: 60_000 };
const now = new Date('2026-03-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const retry = (delayMs: number): DeliveryDecision => ({ kind: 'retry', delayMs });
const failed = (reason: string): DeliveryDecision => ({ kind: 'failed', reason });
const delivered: DeliveryDecision = { kind: 'delivered' };

describe('decideDelivery', () => {
  it.each<[string, DeliveryOutcome, number, DeliveryDecision]>([
    ['200', { statusCode: 200 }, 1, delivered],
    ['201 (Twilio created)', { statusCode: 201 }, 1, delivered],
    ['202', { statusCode: 202 }, 3, delivered],
    ['no status and no error (an SMTP relay accepted it)', {}, 1, delivered],
    [
      'a 2xx the sender still reports as an error',
      { statusCode: 200, error: 'no message id' },
      1,
      failed('HTTP 200: no message id'),
    ],
    [
      '400 with the provider code',
      { statusCode: 400, error: '131047 Re-engagement message' },
      1,
      failed('HTTP 400: 131047 Re-engagement message'),
    ],
    ['401', { statusCode: 401 }, 1, failed('HTTP 401')],
    ['404', { statusCode: 404 }, 2, failed('HTTP 404')],
    ['410 gone', { statusCode: 410 }, 1, failed('HTTP 410')],
    ['a redirect not followed', { statusCode: 301 }, 1, failed('HTTP 301')],
    [
      'a permanent refusal without HTTP (SMTP 550)',
      { error: '550 mailbox unavailable', permanent: true },
      1,
      failed('550 mailbox unavailable'),
    ],
    ['a permanent refusal even with a 5xx', { statusCode: 503, permanent: true }, 1, failed('HTTP 503')],
    ['500, first attempt: the base wait', { statusCode: 500 }, 1, retry(1_000)],
    ['502, second attempt: doubled', { statusCode: 502 }, 2, retry(2_000)],
    ['503, fourth attempt', { statusCode: 503 }, 4, retry(8_000)],
    ['408 request timeout', { statusCode: 408 }, 1, retry(1_000)],
    ['425 too early', { statusCode: 425 }, 1, retry(1_000)],
    ['429 without Retry-After', { statusCode: 429 }, 2, retry(2_000)],
    ['429 with Retry-After seconds', { statusCode: 429, retryAfter: '7' }, 1, retry(7_000)],
    ['503 with Retry-After 0', { statusCode: 503, retryAfter: '0' }, 3, retry(0)],
    [
      '429 with Retry-After as an HTTP-date',
      { statusCode: 429, retryAfter: 'Sun, 01 Mar 2026 12:00:30 GMT' },
      1,
      retry(30_000),
    ],
    [
      '429 with an HTTP-date already past',
      { statusCode: 429, retryAfter: 'Sun, 01 Mar 2026 11:59:00 GMT' },
      1,
      retry(0),
    ],
    ['429 with an unreadable Retry-After: the backoff', { statusCode: 429, retryAfter: 'soon' }, 2, retry(2_000)],
    ['429 asking for more than the cap', { statusCode: 429, retryAfter: '3600' }, 1, retry(60_000)],
    ['backoff beyond the cap', { statusCode: 500 }, 4, retry(8_000)],
    ['a network error', { error: 'ECONNREFUSED' }, 1, retry(1_000)],
    ['a timeout without answer', { error: 'timed out after 10000 ms' }, 3, retry(4_000)],
    ['500 on the last attempt', { statusCode: 500 }, 5, failed('gave up after 5 attempts: HTTP 500')],
    ['a network error on the last attempt', { error: 'ECONNRESET' }, 5, failed('gave up after 5 attempts: ECONNRESET')],
  ])('%s → %j', (_case, outcome, attempt, decision) => {
    expect(decideDelivery(outcome, { attempt, firstAttemptAt: secondsAgo(10), now }, policy)).toEqual(decision);
  });

  it('caps an exponential wait at maxDelayMs', () => {
    const long = { ...policy, maxAttempts: 20 };
    expect(decideDelivery({ statusCode: 500 }, { attempt: 10, firstAttemptAt: secondsAgo(60), now }, long)).toEqual(
      retry(60_000),
    );
  });

  it('fails instead of scheduling an attempt past maxAgeMs', () => {
    const decision = decideDelivery({ statusCode: 500 }, { attempt: 2, firstAttemptAt: secondsAgo(3599), now }, policy);
    expect(decision).toEqual(failed('gave up after 2 attempts (too old to retry): HTTP 500'));
  });

  it('schedules an attempt that lands exactly at maxAgeMs', () => {
    const decision = decideDelivery({ statusCode: 500 }, { attempt: 2, firstAttemptAt: secondsAgo(3598), now }, policy);
    expect(decision).toEqual(retry(2_000));
  });
});

describe('retryAfterMs', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    ['-3', undefined],
    ['1.5', undefined],
    ['Sun, 01 Mar 2026 12:01:00 GMT', 60_000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['tomorrow', undefined],
    ['', undefined],
  ])('%j → %j', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});
