import type { DeliveryOutcome, DeliveryRetryPolicy } from '@app/domain';
import type { Delivery, DeliveryKind, Stored } from '@app/persistence';

/** What one attempt came back with: the outcome the retry rule reads, and the provider's id once it accepted. */
export interface SendResult extends DeliveryOutcome {
  providerId?: string;
  /** The provider's own error code (Meta's 131047, Twilio's 21211), shown to the agent. */
  errorCode?: string;
}

/**
 * Hands one kind of delivery to the outside world (a provider, a subscriber). `send` makes one attempt and reports
 * it; a thrown error counts as a network error and is tried again. The runner owns retries and the log.
 */
export interface DeliverySender {
  readonly kind: DeliveryKind;
  /** Overrides of the default policy for this kind. */
  readonly retryPolicy?: Partial<DeliveryRetryPolicy>;
  send(delivery: Stored<Delivery>): Promise<SendResult>;
  /**
   * Called once the delivery is delivered or failed, and again if the job runs after that (a crash between the two):
   * it must be idempotent. Where a reply's message learns its status.
   */
  onFinished?(delivery: Stored<Delivery>): Promise<void>;
}

export const DELIVERY_SENDERS = Symbol('DELIVERY_SENDERS');

/** Senders by the kind they deliver. */
export type DeliverySenders = ReadonlyMap<DeliveryKind, DeliverySender>;

/** Waits doubling from 2 s to 15 min, for up to a day: a provider down for an hour loses nothing. */
export const DEFAULT_RETRY_POLICY: DeliveryRetryPolicy = {
  maxAttempts: 12,
  maxAgeMs: 24 * 3600_000,
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
};
