import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { UserPrincipal } from '@app/auth';
import type { AppConfigService } from '@app/config';
import { notFound, ProblemException } from '@app/http';
import { generateWebhookSecret, refusedUrl, WebhookDispatch } from '@app/outbound';
import {
  mapPage,
  WebhookDeliveryRepository,
  WebhookSubscriptionRepository,
  type Delivery,
  type PublicSubscription,
  type Stored,
} from '@app/persistence';
import { pageRequest, type PageQueryDto } from '../paging/page-query.dto.js';
import type {
  CreatedWebhookSubscription,
  CreateWebhookSubscriptionDto,
  WebhookDeliveryList,
  WebhookDeliveryView,
  WebhookSubscriptionList,
  WebhookSubscriptionView,
} from './webhooks.dto.js';

@Injectable()
export class WebhooksService {
  private readonly allowPrivate: boolean;

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatch: WebhookDispatch,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.allowPrivate = config.get('ALLOW_PRIVATE_WEBHOOK_URLS', { infer: true }) === 'true';
  }

  /** Refuses a URL on a private, loopback or reserved address (SSRF); the secret is answered this once. */
  async create(actor: UserPrincipal, dto: CreateWebhookSubscriptionDto): Promise<CreatedWebhookSubscription> {
    const refused = await refusedUrl(dto.url, this.allowPrivate);
    if (refused) {
      throw new ProblemException(400, 'webhook_url_refused', `The URL cannot be called: ${refused}`, {
        errors: [{ field: 'url', message: refused }],
      });
    }
    const secret = dto.secret ?? generateWebhookSecret();
    const created = await this.subscriptions.create({
      tenantId: actor.tenantId,
      url: dto.url,
      events: dto.events,
      secret,
    });
    return { ...subscriptionView(created), secret };
  }

  async list(actor: UserPrincipal): Promise<WebhookSubscriptionList> {
    const items = await this.subscriptions.find({ tenantId: actor.tenantId }, { sort: { _id: 1 }, limit: 1000 });
    return { items: items.map(subscriptionView), nextCursor: null };
  }

  async get(actor: UserPrincipal, id: string): Promise<WebhookSubscriptionView> {
    return subscriptionView(await this.found(actor, id));
  }

  async remove(actor: UserPrincipal, id: string): Promise<void> {
    const subscription = await this.found(actor, id);
    await this.subscriptions.remove(actor.tenantId, subscription._id);
    await this.deliveries.removeOf(actor.tenantId, id);
  }

  /** Replays what a paused subscription missed, in order per customer; 409 when it is not paused. */
  async resume(actor: UserPrincipal, id: string): Promise<WebhookSubscriptionView> {
    const subscription = await this.found(actor, id);
    if (!(await this.dispatch.resume(subscription))) {
      throw new ProblemException(409, 'webhook_subscription_not_paused', 'The subscription is not paused');
    }
    return this.get(actor, id);
  }

  async deliveriesOf(actor: UserPrincipal, id: string, query: PageQueryDto): Promise<WebhookDeliveryList> {
    await this.found(actor, id);
    const page = await this.deliveries.log(actor.tenantId, id, pageRequest(query, false));
    return mapPage(page, deliveryView);
  }

  private async found(actor: UserPrincipal, id: string) {
    const subscription = await this.subscriptions.findById(actor.tenantId, id);
    if (!subscription) throw notFound('webhook subscription');
    return subscription;
  }
}

function subscriptionView(subscription: PublicSubscription): WebhookSubscriptionView {
  return {
    id: subscription._id.toHexString(),
    url: subscription.url,
    events: subscription.events,
    status: subscription.status,
    ...(subscription.failingSince ? { failingSince: subscription.failingSince.toISOString() } : {}),
    ...(subscription.pausedAt ? { pausedAt: subscription.pausedAt.toISOString() } : {}),
    createdAt: subscription.createdAt.toISOString(),
  };
}

function deliveryView(delivery: Stored<Delivery>): WebhookDeliveryView {
  const last = delivery.attempts.at(-1);
  return {
    id: delivery._id.toHexString(),
    eventId: delivery.eventId ?? '',
    status: delivery.status,
    attempts: delivery.attempts.map((attempt, index) => ({
      attempt: index + 1,
      at: attempt.at.toISOString(),
      ...(attempt.statusCode === undefined ? {} : { statusCode: attempt.statusCode }),
      latencyMs: attempt.latencyMs,
      ...(attempt.error ? { error: attempt.error } : {}),
      ...(attempt.nextAttemptAt ? { nextAttemptAt: attempt.nextAttemptAt.toISOString() } : {}),
    })),
    ...(delivery.status === 'pending' && last?.nextAttemptAt ? { nextRetryAt: last.nextAttemptAt.toISOString() } : {}),
    ...(delivery.failureReason ? { failureReason: delivery.failureReason } : {}),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
