import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Role } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  eventually,
  seedCustomer,
  signInAll,
  startApiInProcess,
  startWebhookJobs,
  startWebhookReceiver,
  type InProcessApi,
  type RestClient,
  type TestUser,
  type WebhookReceiver,
} from '@app/testing';

let api: InProcessApi;
let webhookJobs: INestApplicationContext;
let acme: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let hooks: WebhookReceiver;

beforeAll(async () => {
  // A pause window of one second stands for the day of failures.
  api = await startApiInProcess({
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
    WEBHOOKS_FEED_INTERVAL_MS: '100',
    WEBHOOKS_PAUSE_AFTER_SECONDS: '1',
  });
  await api.app.get<Queue>(getQueueToken(QUEUES.deliveries)).obliterate({ force: true });
  webhookJobs = await startWebhookJobs(api.env);
  acme = await createTenantWithUsers(api.app, 'Acme');
  as = await signInAll(api.url, [acme.admin]);
  // Failing fast (Retry-After: 1) makes the one-second window pass after two attempts.
  hooks = await startWebhookReceiver(() => ({ status: 500, headers: { 'Retry-After': '1' } }));
});

afterAll(async () => {
  await hooks?.close();
  await webhookJobs?.close();
  await api?.close();
});

const subscriptionOf = async (id: string) =>
  (await as(acme.admin).get(`/api/v1/webhook-subscriptions/${id}`)).body as { status: string; pausedAt?: string };

describe('a subscription failing for the whole pause window', () => {
  it('is paused and shown as paused; resuming replays what it missed, each event once and in order', async () => {
    const created = await as(acme.admin).post('/api/v1/webhook-subscriptions', {
      url: hooks.url,
      events: ['customer.created', 'customer.updated'],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const first = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Ann' });

    const paused = await eventually(
      () => subscriptionOf(id),
      (subscription) => subscription.status === 'paused',
    );
    expect(paused.pausedAt).toEqual(expect.any(String));
    const failures = hooks.received.length;
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(hooks.received.every((request) => request.answered === 500)).toBe(true);

    // Missed while paused: a new customer, then an edit of the first one.
    const second = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Bo' });
    const edit = await as(acme.admin).patch(`/api/v1/customers/${first}`, { name: 'Ann Lee' });
    expect(edit.status).toBe(200);
    // The creations wait paused; the edit waits behind the creation of its customer, not sent at all.
    type LogItem = { eventId: string; status: string; attempts: unknown[] };
    const log = await eventually(
      async () => (await as(acme.admin).get(`/api/v1/webhook-subscriptions/${id}/deliveries`)).body.items as LogItem[],
      (items) => items.length === 3 && items.filter((item) => item.status === 'paused').length === 2,
    );
    const byEvent = new Map(log.map((item) => [item.eventId, item]));
    expect(byEvent.get(`customer.created:${first}`)?.status).toBe('paused');
    expect(byEvent.get(`customer.created:${second}`)?.status).toBe('paused');
    const held = log.find((item) => item.eventId.startsWith('customer.updated:'));
    expect(held).toMatchObject({ status: 'pending', attempts: [] });
    expect(hooks.received.length).toBe(failures);

    hooks.answerWith(() => ({ status: 204 }));
    const resumed = await as(acme.admin).post(`/api/v1/webhook-subscriptions/${id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');

    const received = await hooks.waitFor(
      (all) => new Set(all.filter((request) => request.answered === 204).map((request) => request.body.id)).size === 3,
    );
    const delivered = received.filter((request) => request.answered === 204).map((request) => request.body.id);
    expect(delivered).toHaveLength(3);
    const updateId = delivered.find((eventId) => eventId.startsWith('customer.updated:'));
    expect(delivered.indexOf(`customer.created:${first}`)).toBeLessThan(delivered.indexOf(updateId!));
    expect(delivered).toContain(`customer.created:${second}`);

    const after = await as(acme.admin).get(`/api/v1/webhook-subscriptions/${id}/deliveries`);
    expect(after.body.items.map((item: { status: string }) => item.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect((await as(acme.admin).post(`/api/v1/webhook-subscriptions/${id}/resume`)).status).toBe(409);
  });
});
