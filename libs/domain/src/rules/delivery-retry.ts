/** What one attempt to hand something to a provider or a subscriber came back with. */
export interface DeliveryOutcome {
  /** The HTTP status of the answer; absent when no answer came (a network error) or the transport is not HTTP. */
  statusCode?: number;
  /** The answer's `Retry-After` header: seconds, or an HTTP-date. */
  retryAfter?: string;
  /** Why it did not go: a network error, or the provider's own code and message. */
  error?: string;
  /** The sender knows it cannot succeed whatever the status says (an SMTP 5xx reply, a missing credential). */
  permanent?: boolean;
}

export interface DeliveryRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No attempt is scheduled later than this after the first one. */
  maxAgeMs: number;
  /** The wait after the first failed attempt; it doubles with each further one. */
  baseDelayMs: number;
  /** No wait is longer, even when the provider's Retry-After asks for more. */
  maxDelayMs: number;
}

export interface DeliveryAttemptContext {
  /** The attempt that just ended, counted from 1. */
  attempt: number;
  firstAttemptAt: Date;
  now: Date;
}

export type DeliveryDecision =
  { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'failed'; reason: string };

/** Statuses that say "not now" rather than "never": timeouts, too early, rate limits, and every server error. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

const isSuccess = (statusCode: number) => statusCode >= 200 && statusCode < 300;
const isTransient = (statusCode: number) => TRANSIENT_STATUSES.has(statusCode) || statusCode >= 500;

/** What went wrong, in the words the agent or the subscriber's owner will read. */
function describe(outcome: DeliveryOutcome): string {
  const status = outcome.statusCode === undefined ? undefined : `HTTP ${outcome.statusCode}`;
  return [status, outcome.error].filter(Boolean).join(': ') || 'no answer';
}

/** The wait a Retry-After value asks for, in ms from `now`; undefined when it is absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at) || !/[a-z]/i.test(trimmed)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * What follows an attempt: 2xx is delivered; 408, 425, 429, 5xx and network errors are tried again after an
 * exponential wait (or the provider's Retry-After when it names one), capped at `maxDelayMs`, until the attempts or
 * the age run out; any other answer cannot succeed by being repeated and fails at once with the provider's words.
 */
export function decideDelivery(
  outcome: DeliveryOutcome,
  context: DeliveryAttemptContext,
  policy: DeliveryRetryPolicy,
): DeliveryDecision {
  const { statusCode } = outcome;
  if (outcome.permanent) return { kind: 'failed', reason: describe(outcome) };
  if (statusCode !== undefined && isSuccess(statusCode) && !outcome.error) return { kind: 'delivered' };
  if (statusCode === undefined && !outcome.error) return { kind: 'delivered' };
  if (statusCode !== undefined && !isTransient(statusCode)) return { kind: 'failed', reason: describe(outcome) };

  if (context.attempt >= policy.maxAttempts) {
    return { kind: 'failed', reason: `gave up after ${context.attempt} attempts: ${describe(outcome)}` };
  }
  const backoff = policy.baseDelayMs * 2 ** (context.attempt - 1);
  const delayMs = Math.min(retryAfterMs(outcome.retryAfter, context.now) ?? backoff, policy.maxDelayMs);
  const nextAt = context.now.getTime() + delayMs;
  if (nextAt - context.firstAttemptAt.getTime() > policy.maxAgeMs) {
    return {
      kind: 'failed',
      reason: `gave up after ${context.attempt} attempts (too old to retry): ${describe(outcome)}`,
    };
  }
  return { kind: 'retry', delayMs };
}
