import { Injectable } from '@nestjs/common';
import {
  WebhookDeliveryRepository,
  WebhookEventRepository,
  WebhookSubscriptionRepository,
  type Delivery,
  type Stored,
  type WebhookEvent,
  type WebhookSubscription,
} from '@app/persistence';
import { WebhookDeliveriesProducer } from '@app/queue';

/**
 * Hands events to subscriptions in order per customer: every (subscription, event) gets its delivery stored at
 * once, but only the earliest unfinished event of each of its customers is queued; when it is delivered (or fails
 * for good) the next one is. A merge thus never reaches a receiver before the creation of a customer it names.
 */
@Injectable()
export class WebhookDispatch {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly events: WebhookEventRepository,
    private readonly webhookDeliveries: WebhookDeliveryRepository,
    private readonly producer: WebhookDeliveriesProducer,
  ) {}

  /**
   * Stores the deliveries of `events` (in order) for each of the tenant's `subscriptions` listening to them (none
   * from before they existed), and queues those that no earlier unfinished event of one of their customers holds
   * back: a handful of commands per subscription, however many events.
   */
  async fanOut(events: Stored<WebhookEvent>[], subscriptions: Stored<WebhookSubscription>[]): Promise<void> {
    for (const subscription of subscriptions) {
      const listening = events.filter(
        (event) => subscription.events.includes(event.type) && subscription.createdAt <= event.occurredAt,
      );
      if (listening.length === 0) continue;
      const eventIds = listening.map(({ eventId }) => eventId);
      const deliveries = await this.webhookDeliveries.storeAll(
        subscription.tenantId,
        subscription._id.toHexString(),
        eventIds,
      );
      const holding = await this.unfinishedByCustomer(subscription, eventIds);
      const startable: Stored<Delivery>[] = [];
      for (const event of listening) {
        const delivery = deliveries.get(event.eventId);
        if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed') continue;
        const held = event.customerIds.some((customerId) => {
          const first = holding.get(customerId);
          return first !== undefined && comesBefore(first, event);
        });
        if (!held && delivery.status === 'pending') startable.push(delivery);
        for (const customerId of event.customerIds) {
          const first = holding.get(customerId);
          if (!first || comesBefore(event, first)) holding.set(customerId, event);
        }
      }
      await this.producer.startAll(startable.map(jobOf), generationOf(subscription));
    }
  }

  /** For each customer, the earliest event still to be delivered to the subscription, but for `exceptEventIds`. */
  private async unfinishedByCustomer(
    subscription: Stored<WebhookSubscription>,
    exceptEventIds: string[],
  ): Promise<Map<string, Stored<WebhookEvent>>> {
    const { tenantId, _id } = subscription;
    const unfinished = await this.webhookDeliveries.unfinishedExcept(tenantId, _id.toHexString(), exceptEventIds);
    const events = await this.events.findByEventIds(
      tenantId,
      unfinished.map(({ eventId }) => eventId!),
    );
    const first = new Map<string, Stored<WebhookEvent>>();
    for (const event of events) {
      for (const customerId of event.customerIds) {
        const known = first.get(customerId);
        if (!known || comesBefore(event, known)) first.set(customerId, event);
      }
    }
    return first;
  }

  /** Whether no earlier event of the event's customers is still to be delivered to the subscription. */
  async isNext(subscription: Stored<WebhookSubscription>, event: Stored<WebhookEvent>): Promise<boolean> {
    const earlier = await this.events.sharingCustomers(event, 'before', subscription.createdAt);
    const waiting = await this.webhookDeliveries.unfinished(
      event.tenantId,
      subscription._id.toHexString(),
      earlier.map(({ eventId }) => eventId),
    );
    return waiting.length === 0;
  }

  /** After the event's delivery ended: queues the next pending event of each of its customers. */
  async startNext(subscription: Stored<WebhookSubscription>, event: Stored<WebhookEvent>): Promise<void> {
    if (subscription.status !== 'active') return;
    const later = await this.events.sharingCustomers(event, 'after', subscription.createdAt);
    const pending = new Map(
      (
        await this.webhookDeliveries.unfinished(
          event.tenantId,
          subscription._id.toHexString(),
          later.map(({ eventId }) => eventId),
        )
      )
        .filter((delivery) => delivery.status === 'pending')
        .map((delivery) => [delivery.eventId, delivery]),
    );
    const next = new Set<Stored<WebhookEvent>>();
    for (const customerId of event.customerIds) {
      const first = later.find(
        (candidate) => candidate.customerIds.includes(customerId) && pending.has(candidate.eventId),
      );
      if (first) next.add(first);
    }
    for (const candidate of next) {
      if (await this.isNext(subscription, candidate)) await this.start(subscription, pending.get(candidate.eventId)!);
    }
  }

  /**
   * An admin's resume of a paused subscription: its paused deliveries pending again and queued anew, in order (each
   * was the next of its customers when it was paused). Deliveries still pending keep the jobs they have, and those
   * held behind others follow as those end. False when it was not paused.
   */
  async resume(subscription: Stored<WebhookSubscription>): Promise<boolean> {
    const { tenantId, _id } = subscription;
    if (!(await this.subscriptions.resume(tenantId, _id, new Date()))) return false;
    const resumed = (await this.subscriptions.findById(tenantId, _id.toHexString()))!;
    const unpaused = await this.webhookDeliveries.unpause(tenantId, _id.toHexString());
    const events = await Promise.all(
      unpaused.map((delivery) => this.events.findByEventId(tenantId, delivery.eventId!)),
    );
    const inOrder = unpaused
      .map((delivery, index) => ({ delivery, event: events[index] }))
      .filter((pair): pair is { delivery: Stored<Delivery>; event: Stored<WebhookEvent> } => pair.event !== null)
      .sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
    for (const { delivery, event } of inOrder) {
      if (await this.isNext(resumed, event)) await this.start(resumed, delivery);
    }
    return true;
  }

  private async start(subscription: Stored<WebhookSubscription>, delivery: Stored<Delivery>): Promise<void> {
    await this.producer.start(jobOf(delivery), generationOf(subscription));
  }
}

/** Event order: by time, then by id. */
function comesBefore(a: Stored<WebhookEvent>, b: Stored<WebhookEvent>): boolean {
  const byTime = a.occurredAt.getTime() - b.occurredAt.getTime();
  return byTime < 0 || (byTime === 0 && a._id.toHexString() < b._id.toHexString());
}

const jobOf = (delivery: Stored<Delivery>) => ({
  tenantId: String(delivery.tenantId),
  deliveryId: delivery._id.toHexString(),
});

/** Starts after each resume are new jobs (WebhookDeliveriesProducer). */
const generationOf = (subscription: Stored<WebhookSubscription>) =>
  subscription.resumedAt ? `r${subscription.resumedAt.getTime()}` : 'first';
