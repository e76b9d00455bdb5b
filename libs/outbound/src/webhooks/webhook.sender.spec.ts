import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { AppConfigService } from '@app/config';
import type {
  Delivery,
  Stored,
  WebhookDeliveryRepository,
  WebhookEvent,
  WebhookEventRepository,
  WebhookSubscription,
  WebhookSubscriptionRepository,
} from '@app/persistence';
import { startWebhookReceiver, verifyWebhookSignature, type WebhookReceiver } from '@app/testing';
import type { WebhookDispatch } from './webhook-dispatch.js';
import { WebhookSender } from './webhook.sender.js';

const tenantId = new Types.ObjectId();
const PAUSE_AFTER_SECONDS = 60;

/** One subscription and one event in memory, with what the sender did to them. */
class Fakes {
  subscription: Stored<WebhookSubscription> | null;
  readonly paused: Types.ObjectId[] = [];
  readonly event: Stored<WebhookEvent> = {
    _id: new Types.ObjectId(),
    tenantId,
    eventId: 'customer.created:c1',
    type: 'customer.created',
    customerIds: ['c1'],
    data: { customerId: 'c1' },
    occurredAt: new Date('2026-12-05T07:00:00Z'),
  };

  constructor(url: string, status: 'active' | 'paused' = 'active', failingSince?: Date) {
    this.subscription = {
      _id: new Types.ObjectId(),
      tenantId,
      url,
      events: ['customer.created'],
      secret: 'whsec_unit',
      status,
      ...(failingSince ? { failingSince } : {}),
      createdAt: new Date('2026-12-01T00:00:00Z'),
      updatedAt: new Date('2026-12-01T00:00:00Z'),
    };
  }

  sender(allowPrivate: boolean): WebhookSender {
    const subscriptions = {
      findWithSecret: async () => this.subscription,
      markFailing: async (_tenant: unknown, _id: unknown, at: Date) => {
        this.subscription!.failingSince ??= at;
        return this.subscription;
      },
      markSucceeding: async () => {
        delete this.subscription!.failingSince;
      },
      pause: async () => {
        this.subscription!.status = 'paused';
        return true;
      },
    } as unknown as WebhookSubscriptionRepository;
    const events = { findByEventId: async () => this.event } as unknown as WebhookEventRepository;
    const deliveries = {
      pause: async (_tenant: unknown, id: Types.ObjectId) => {
        this.paused.push(id);
        return true;
      },
    } as unknown as WebhookDeliveryRepository;
    const dispatch = { isNext: async () => true } as unknown as WebhookDispatch;
    const settings: Record<string, unknown> = {
      ALLOW_PRIVATE_WEBHOOK_URLS: allowPrivate ? 'true' : 'false',
      WEBHOOKS_PAUSE_AFTER_SECONDS: PAUSE_AFTER_SECONDS,
    };
    const config = { get: (name: string) => settings[name] } as unknown as AppConfigService;
    return new WebhookSender(subscriptions, events, deliveries, dispatch, config);
  }

  delivery(): Stored<Delivery> {
    return {
      _id: new Types.ObjectId(),
      tenantId,
      kind: 'webhook',
      subjectId: this.subscription?._id.toHexString() ?? new Types.ObjectId().toHexString(),
      eventId: this.event.eventId,
      status: 'pending',
      attempts: [],
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  }
}

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
});

describe('WebhookSender', () => {
  it('posts the event signed with the subscription’s secret, and a success ends the failing streak', async () => {
    const fakes = new Fakes(receiver.url, 'active', new Date(Date.now() - 1000));

    expect(await fakes.sender(true).send(fakes.delivery())).toEqual({ statusCode: 200 });

    const request = receiver.received.at(-1)!;
    expect(request.body).toMatchObject({
      id: 'customer.created:c1',
      type: 'customer.created',
      tenantId: String(tenantId),
    });
    expect(verifyWebhookSignature('whsec_unit', request.headers['x-signature'] as string, request.raw)).toBe(true);
    expect(fakes.subscription!.failingSince).toBeUndefined();
  });

  it('pauses the subscription once its failures have lasted the whole window', async () => {
    receiver.answerWith(() => ({ status: 503, headers: { 'Retry-After': '7' } }));
    const recent = new Fakes(receiver.url, 'active', new Date(Date.now() - 1000));
    const long = new Fakes(receiver.url, 'active', new Date(Date.now() - PAUSE_AFTER_SECONDS * 1000));

    expect(await recent.sender(true).send(recent.delivery())).toMatchObject({ statusCode: 503, retryAfter: '7' });
    await long.sender(true).send(long.delivery());

    expect(recent.subscription!.status).toBe('active');
    expect(long.subscription!.status).toBe('paused');
    receiver.answerWith(() => ({ status: 200 }));
  });

  it('sends nothing for a paused subscription: the delivery waits, paused, for the resume', async () => {
    const fakes = new Fakes(receiver.url, 'paused');
    const before = receiver.received.length;
    const delivery = fakes.delivery();

    await fakes.sender(true).send(delivery);

    expect(fakes.paused).toEqual([delivery._id]);
    expect(receiver.received.length).toBe(before);
  });

  it('fails for good, without calling, a subscription deleted meanwhile', async () => {
    const fakes = new Fakes(receiver.url);
    fakes.subscription = null;

    expect(await fakes.sender(true).send(fakes.delivery())).toEqual({
      permanent: true,
      error: 'the subscription was deleted',
    });
  });

  it('refuses a private address at delivery time unless allowed, and counts it as a failure', async () => {
    const fakes = new Fakes('http://127.0.0.1:9/hooks');

    const result = await fakes.sender(false).send(fakes.delivery());

    expect(result).toEqual({
      permanent: true,
      error: '127.0.0.1 resolves to 127.0.0.1, a private or reserved address',
    });
    expect(fakes.subscription!.failingSince).toEqual(expect.any(Date));
  });
});
