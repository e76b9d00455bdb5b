import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { WebhookEventRepository, WebhookSubscriptionRepository } from '@app/persistence';
import { QUEUES } from '@app/queue';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { WebhookDispatch } from './webhook-dispatch.js';
import { WebhookFeed } from './webhook-feed.js';
import { WebhookDispatchModule } from './webhooks.module.js';

let env: TestEnvironment;
let context: INestApplicationContext;
let db: Connection;
let feed: WebhookFeed;
let events: WebhookEventRepository;
let queue: Queue;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [WebhookDispatchModule]);
  db = context.get(getConnectionToken());
  feed = context.get(WebhookFeed);
  events = context.get(WebhookEventRepository);
  queue = context.get(getQueueToken(QUEUES.deliveries));
  // Jobs another test file of this Jest worker left in the shared Redis database; no worker runs them here.
  await queue.obliterate({ force: true });
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

describe('the webhook feed', () => {
  it('reads a backlog of more records than a batch to the end, each once, a merge after the creations it names', async () => {
    const tenantId = new Types.ObjectId();
    const hourAgo = new Date(Date.now() - 3600_000);
    const [subscriptionId, everythingId] = [new Types.ObjectId(), new Types.ObjectId()];
    const subscription = (_id: Types.ObjectId, events: string[]) => ({
      _id,
      tenantId,
      url: 'https://hooks.example.com/feed',
      events,
      secret: 'whsec_feed',
      status: 'active',
      createdAt: hourAgo,
      updatedAt: hourAgo,
    });
    await db
      .collection('webhook_subscriptions')
      .insertMany([
        subscription(subscriptionId, ['customer.merged']),
        subscription(everythingId, ['customer.created', 'customer.merged']),
      ]);
    // 1,100 customers created 10 ms apart half an hour ago: more than two batches inside one overlap window.
    const base = Date.now() - 1800_000;
    const customers = Array.from({ length: 1100 }, (_, n) => ({
      _id: new Types.ObjectId(),
      tenantId,
      name: `Backlog ${n}`,
      kind: 'contact',
      contactData: [],
      uniqueIdentifiers: [],
      createdAt: new Date(base + n * 10),
      updatedAt: new Date(base + n * 10),
    }));
    await db.collection('customers').insertMany(customers);
    const [survivor, victim] = [customers[10]._id, customers[900]._id];
    const mergeKey = new Types.ObjectId().toHexString();
    await db.collection('audit_records').insertOne({
      tenantId,
      type: 'customer.merged',
      key: mergeKey,
      actor: { kind: 'system', rule: 'same-identifier' },
      actorKey: 'system:same-identifier',
      trigger: { kind: 'request' },
      customerIds: [survivor, victim],
      before: {},
      after: { mergeId: mergeKey, survivorId: String(survivor), victimIds: [String(victim)], moved: {} },
      at: new Date(base + 900 * 10 + 5),
    });

    let passes = 0;
    for (; passes < 10; passes += 1) {
      await feed.feedTenant(tenantId);
      if ((await db.collection('webhook_feeds').findOne({ tenantId }))?.caughtUp) break;
    }

    expect(passes).toBeLessThan(10);
    expect(await db.collection('webhook_events').countDocuments({ tenantId })).toBe(1101);
    expect(await db.collection('webhook_events').countDocuments({ tenantId, fannedOutAt: null })).toBe(0);
    const merged = (await events.findByEventId(tenantId, `customer.merged:${mergeKey}`))!;
    const victimCreated = (await events.findByEventId(tenantId, `customer.created:${victim.toHexString()}`))!;
    expect(merged.data).toMatchObject({ survivorId: String(survivor), victimIds: [String(victim)] });
    expect(merged.fannedOutAt!.getTime()).toBeGreaterThanOrEqual(victimCreated.fannedOutAt!.getTime());
    expect(merged.occurredAt.getTime()).toBeGreaterThan(victimCreated.occurredAt.getTime());
    expect(
      await db.collection('deliveries').countDocuments({ tenantId, subjectId: subscriptionId.toHexString() }),
    ).toBe(1);

    // The subscription to everything: each creation queued at once, the merge held behind the two it names.
    const everything = everythingId.toHexString();
    const deliveryOf = async (eventId: string) =>
      (await db.collection('deliveries').findOne({ tenantId, subjectId: everything, eventId }))!;
    const queued = async (eventId: string) =>
      (await queue.getJob(`${(await deliveryOf(eventId))._id}-first`)) !== undefined;
    expect(await db.collection('deliveries').countDocuments({ tenantId, subjectId: everything })).toBe(1101);
    // 1,100 creations for it, and the merge for the other subscription, which hears of nothing before it.
    expect(await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(1101);
    expect(await queued(victimCreated.eventId)).toBe(true);
    expect(await queued(merged.eventId)).toBe(false);

    // Once both creations are delivered (each telling the dispatch, as the sender does), the merge is queued.
    const dispatch = context.get(WebhookDispatch);
    const subscriptionDoc = (await context.get(WebhookSubscriptionRepository).findById(tenantId, everything))!;
    const survivorCreated = (await events.findByEventId(tenantId, `customer.created:${survivor.toHexString()}`))!;
    for (const [created, mergeQueued] of [
      [victimCreated, false],
      [survivorCreated, true],
    ] as const) {
      await db
        .collection('deliveries')
        .updateOne({ _id: (await deliveryOf(created.eventId))._id }, { $set: { status: 'delivered' } });
      await dispatch.startNext(subscriptionDoc, created);
      expect(await queued(merged.eventId)).toBe(mergeQueued);
    }

    // Read again from the start: nothing is stored or delivered twice.
    await db.collection('webhook_feeds').deleteOne({ tenantId });
    await feed.feedTenant(tenantId);
    expect(await db.collection('webhook_events').countDocuments({ tenantId })).toBe(1101);
    expect(await db.collection('deliveries').countDocuments({ tenantId })).toBe(1102);
  });
});
