import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { shouldPauseSubscription } from '@app/domain';
import type { AppConfigService } from '@app/config';
import {
  WebhookDeliveryRepository,
  WebhookEventRepository,
  WebhookSubscriptionRepository,
  type Delivery,
  type Stored,
  type WebhookEvent,
  type WebhookSubscription,
} from '@app/persistence';
import type { DeliverySender, SendResult } from '../delivery-sender.js';
import { RefusedAddressError } from './address-guard.js';
import { postJson } from './post-json.js';
import { WebhookDispatch } from './webhook-dispatch.js';
import { SIGNATURE_HEADER, webhookSignature } from './webhook-signature.js';

const TIMEOUT_MS = 10_000;

/** What a receiver gets: the event's id (to dedupe on), type, time, tenant and data. */
export function webhookBody(event: Stored<WebhookEvent>): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    tenantId: String(event.tenantId),
    data: event.data,
  });
}

/**
 * Posts one event to one subscription, signed. A subscription failing for the whole pause window is paused; its
 * deliveries then wait, paused, for an admin's resume instead of being tried on.
 */
@Injectable()
export class WebhookSender implements DeliverySender {
  readonly kind = 'webhook' as const;
  // A receiver may be down for long: the pause, not the policy, ends the attempts of a subscription that keeps failing.
  readonly retryPolicy = { maxAttempts: 10_000, maxAgeMs: 30 * 24 * 3600_000 };

  private readonly allowPrivate: boolean;
  private readonly pauseAfterMs: number;

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly events: WebhookEventRepository,
    private readonly webhookDeliveries: WebhookDeliveryRepository,
    private readonly dispatch: WebhookDispatch,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.allowPrivate = config.get('ALLOW_PRIVATE_WEBHOOK_URLS', { infer: true }) === 'true';
    this.pauseAfterMs = config.get('WEBHOOKS_PAUSE_AFTER_SECONDS', { infer: true }) * 1000;
  }

  async send(delivery: Stored<Delivery>): Promise<SendResult> {
    const tenantId = delivery.tenantId;
    const subscription = await this.subscriptions.findWithSecret(tenantId, delivery.subjectId);
    if (!subscription) return { permanent: true, error: 'the subscription was deleted' };
    if (subscription.status === 'paused') {
      // Not an attempt: the delivery leaves `pending`, so the runner records nothing, and waits for the resume.
      await this.webhookDeliveries.pause(tenantId, delivery._id);
      return { error: 'the subscription is paused' };
    }
    const event = delivery.eventId ? await this.events.findByEventId(tenantId, delivery.eventId) : null;
    if (!event) return { permanent: true, error: `event ${delivery.eventId} is not stored` };
    if (!(await this.dispatch.isNext(subscription, event))) {
      return { error: 'waits for an earlier event of the same customer' };
    }

    const body = webhookBody(event);
    const headers = {
      [SIGNATURE_HEADER]: webhookSignature(subscription.secret, Math.floor(Date.now() / 1000), body),
      'X-Event-Id': event.eventId,
      'X-Event-Type': event.type,
      'User-Agent': 'contact-center-webhooks/1',
    };
    try {
      const answer = await postJson(subscription.url, body, headers, {
        allowPrivate: this.allowPrivate,
        timeoutMs: TIMEOUT_MS,
      });
      const accepted = answer.statusCode >= 200 && answer.statusCode < 300;
      await this.noteOutcome(subscription, accepted);
      if (accepted) return { statusCode: answer.statusCode };
      return {
        statusCode: answer.statusCode,
        ...(answer.retryAfter ? { retryAfter: answer.retryAfter } : {}),
        ...(answer.bodyStart ? { error: answer.bodyStart } : {}),
      };
    } catch (error) {
      await this.noteOutcome(subscription, false);
      if (error instanceof RefusedAddressError) return { permanent: true, error: error.message };
      throw error;
    }
  }

  async onFinished(delivery: Stored<Delivery>): Promise<void> {
    const subscription = await this.subscriptions.findById(delivery.tenantId, delivery.subjectId);
    const event = delivery.eventId ? await this.events.findByEventId(delivery.tenantId, delivery.eventId) : null;
    if (subscription && event) await this.dispatch.startNext(subscription, event);
  }

  private async noteOutcome(subscription: Stored<WebhookSubscription>, accepted: boolean): Promise<void> {
    const { tenantId, _id } = subscription;
    if (accepted) return this.subscriptions.markSucceeding(tenantId, _id);
    const now = new Date();
    const failing = await this.subscriptions.markFailing(tenantId, _id, now);
    if (shouldPauseSubscription(failing?.failingSince, now, this.pauseAfterMs)) {
      await this.subscriptions.pause(tenantId, _id, now);
    }
  }
}
