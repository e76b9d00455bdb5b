import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { WebhookEventRepository } from '@app/persistence';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { WebhookFeed } from './webhook-feed.js';
import { WebhookDispatchModule } from './webhooks.module.js';

let env: TestEnvironment;
let context: INestApplicationContext;
let db: Connection;
let feed: WebhookFeed;
let events: WebhookEventRepository;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [WebhookDispatchModule]);
  db = context.get(getConnectionToken());
  feed = context.get(WebhookFeed);
  events = context.get(WebhookEventRepository);
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

describe('the webhook feed', () => {
  it('reads a backlog of more records than a batch to the end, each once, a merge after the creations it names', async () => {
    const tenantId = new Types.ObjectId();
    const hourAgo = new Date(Date.now() - 3600_000);
    const subscriptionId = new Types.ObjectId();
    await db.collection('webhook_subscriptions').insertOne({
      _id: subscriptionId,
      tenantId,
      url: 'https://hooks.example.com/feed',
      events: ['customer.merged'],
      secret: 'whsec_feed',
      status: 'active',
      createdAt: hourAgo,
      updatedAt: hourAgo,
    });
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

    // Read again from the start: nothing is stored or delivered twice.
    await db.collection('webhook_feeds').deleteOne({ tenantId });
    await feed.feedTenant(tenantId);
    expect(await db.collection('webhook_events').countDocuments({ tenantId })).toBe(1101);
    expect(await db.collection('deliveries').countDocuments({ tenantId })).toBe(1);
  });
});
