import { MalformedPayloadError } from '@app/channels';
import { ProblemException } from '@app/http';
import { isDatabaseUnreachableError } from '@app/persistence';
import { QueueUnavailableError } from '@app/queue';
import { ChannelLookupFailedError } from './ingress-channels.service.js';

/** Providers back off on their own schedules; this is a hint for connectors and for Mailgun. */
const RETRY_AFTER = { 'Retry-After': '30' } as const;

/**
 * The failures every ingress shares: a delivery that cannot be read (400, retrying cannot help), a queue that cannot
 * take it, and a database that cannot be reached to check its channel (one not cached, during an outage): 503 with
 * Retry-After, so the provider retries instead of losing the message. `undefined` for any other error.
 */
export function ingressProblem(error: unknown): ProblemException | undefined {
  if (error instanceof MalformedPayloadError) return new ProblemException(400, 'malformed_payload', error.message);
  if (error instanceof QueueUnavailableError) {
    return new ProblemException(
      503,
      'queue_unavailable',
      'The delivery could not be queued; retry later',
      {},
      RETRY_AFTER,
    );
  }
  if (error instanceof ChannelLookupFailedError || isDatabaseUnreachableError(error)) {
    return new ProblemException(
      503,
      'database_unavailable',
      'The database cannot be reached; retry later',
      {},
      RETRY_AFTER,
    );
  }
  return undefined;
}
