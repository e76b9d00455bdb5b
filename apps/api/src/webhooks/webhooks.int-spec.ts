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
  startIdentityJobs,
  startWebhookJobs,
  startWebhookReceiver,
  verifyWebhookSignature,
  type InProcessApi,
  type ReceivedWebhook,
  type RestClient,
  type TestUser,
  type WebhookReceiver,
} from '@app/testing';

let api: InProcessApi;
let identityJobs: INestApplicationContext;
let webhookJobs: INestApplicationContext;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  api = await startApiInProcess({ ALLOW_PRIVATE_WEBHOOK_URLS: 'true', WEBHOOKS_FEED_INTERVAL_MS: '100' });
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions, QUEUES.deliveries].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  identityJobs = await startIdentityJobs(api.env);
  webhookJobs = await startWebhookJobs(api.env);
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.admin]);
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await webhookJobs?.close();
  await identityJobs?.close();
  await api?.close();
});

async function receiver(...args: Parameters<typeof startWebhookReceiver>): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(...args);
  receivers.push(started);
  return started;
}

async function subscribe(admin: TestUser, url: string, events: string[], secret?: string) {
  const response = await as(admin).post('/api/v1/webhook-subscriptions', {
    url,
    events,
    ...(secret ? { secret } : {}),
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; secret: string; status: string };
}

const accepted = (received: ReceivedWebhook[], eventId: string) =>
  received.filter((request) => request.body.id === eventId && request.answered < 300);
const customerCreated = (customerId: string) => `customer.created:${customerId}`;

describe('webhook subscriptions', () => {
  it('are created by admins with a secret shown once, listed and read without it, and deleted', async () => {
    const created = await subscribe(acme.admin, 'https://hooks.example.com/a', ['customer.merged']);
    expect(created).toMatchObject({
      status: 'active',
      url: 'https://hooks.example.com/a',
      events: ['customer.merged'],
    });
    expect(created.secret).toMatch(/^whsec_/);

    const given = await subscribe(
      acme.admin,
      'https://hooks.example.com/b',
      ['customer.created'],
      'a-secret-of-my-own-0123',
    );
    expect(given.secret).toBe('a-secret-of-my-own-0123');

    const list = await as(acme.admin).get('/api/v1/webhook-subscriptions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining([created.id, given.id]),
    );
    expect(JSON.stringify(list.body)).not.toContain('secret');
    const one = await as(acme.admin).get(`/api/v1/webhook-subscriptions/${created.id}`);
    expect(one.status).toBe(200);
    expect(one.body.secret).toBeUndefined();

    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${created.id}`)).status).toBe(204);
    expect((await as(acme.admin).get(`/api/v1/webhook-subscriptions/${created.id}`)).status).toBe(404);
    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${given.id}`)).status).toBe(204);
  });

  it('are for admins only, and each tenant sees its own', async () => {
    const created = await subscribe(acme.admin, 'https://hooks.example.com/c', ['customer.created']);
    for (const user of [acme.agent, acme.supervisor]) {
      expect((await as(user).get('/api/v1/webhook-subscriptions')).status).toBe(403);
      expect(
        (
          await as(user).post('/api/v1/webhook-subscriptions', {
            url: 'https://x.example.com',
            events: ['customer.created'],
          })
        ).status,
      ).toBe(403);
    }
    expect((await as(globex.admin).get(`/api/v1/webhook-subscriptions/${created.id}`)).status).toBe(404);
    expect((await as(globex.admin).get(`/api/v1/webhook-subscriptions/${created.id}/deliveries`)).status).toBe(404);
    expect((await as(globex.admin).delete(`/api/v1/webhook-subscriptions/${created.id}`)).status).toBe(404);
    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${created.id}`)).status).toBe(204);
  });

  it.each([
    [{ url: 'https://hooks.example.com', events: ['customer.exploded'] }],
    [{ url: 'https://hooks.example.com', events: [] }],
    [{ url: 'ftp://hooks.example.com', events: ['customer.created'] }],
    [{ url: 'https://hooks.example.com', events: ['customer.created'], secret: 'short' }],
  ])('refuses %j with 400', async (body) => {
    const response = await as(acme.admin).post('/api/v1/webhook-subscriptions', body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('are in the OpenAPI document', async () => {
    const document = await as(acme.admin).get('/api/docs-json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhook-subscriptions',
        '/api/v1/webhook-subscriptions/{id}',
        '/api/v1/webhook-subscriptions/{id}/resume',
        '/api/v1/webhook-subscriptions/{id}/deliveries',
      ]),
    );
  });
});

describe('webhook deliveries', () => {
  it('a receiver failing twice then accepting gets the event once, signed so that a separate verifier accepts it', async () => {
    const hooks = await receiver((request, before) =>
      before.filter((earlier) => earlier.body.id === request.body.id).length < 2
        ? { status: 503, headers: { 'Retry-After': '0' } }
        : { status: 200 },
    );
    const subscription = await subscribe(acme.admin, hooks.url, ['customer.created']);
    const customerId = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Ann Lee' });
    const eventId = customerCreated(customerId);

    const received = await hooks.waitFor((all) => accepted(all, eventId).length === 1);

    const attempts = received.filter((request) => request.body.id === eventId);
    expect(attempts.map((request) => request.answered)).toEqual([503, 503, 200]);
    for (const request of attempts) {
      expect(verifyWebhookSignature(subscription.secret, request.headers['x-signature'] as string, request.raw)).toBe(
        true,
      );
      expect(
        verifyWebhookSignature('another-secret-entirely', request.headers['x-signature'] as string, request.raw),
      ).toBe(false);
    }
    expect(attempts[2].body).toEqual({
      id: eventId,
      type: 'customer.created',
      occurredAt: expect.any(String),
      tenantId: acme.admin.tenantId,
      data: { customerId, kind: expect.any(String), name: 'Ann Lee' },
    });
    expect(attempts[2].headers['x-event-id']).toBe(eventId);

    const log = await as(acme.admin).get(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries`);
    expect(log.status).toBe(200);
    const delivery = log.body.items.find((item: { eventId: string }) => item.eventId === eventId);
    expect(delivery).toMatchObject({ status: 'delivered' });
    expect(delivery.nextRetryAt).toBeUndefined();
    expect(
      delivery.attempts.map((attempt: { attempt: number; statusCode: number }) => [
        attempt.attempt,
        attempt.statusCode,
      ]),
    ).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    for (const attempt of delivery.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
    expect(delivery.attempts[0].nextAttemptAt).toEqual(expect.any(String));

    // A later event reaches it once too, and the first is not sent again meanwhile.
    const next = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Bo Chen' });
    const after = await hooks.waitFor((all) => accepted(all, customerCreated(next)).length === 1);
    expect(accepted(after, eventId)).toHaveLength(1);
    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${subscription.id}`)).status).toBe(204);
  });

  it('posts a merge after the creations it refers to, even when one of them had to be retried', async () => {
    const hooks = await receiver();
    const subscription = await subscribe(acme.admin, hooks.url, ['customer.created', 'customer.merged']);
    const survivor = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Cy Survivor' });
    const victim = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Cy Victim' });
    // The victim's creation is refused until the merge is done: the merge's event must still wait for it.
    let mergeRecorded = false;
    hooks.answerWith((request) =>
      request.body.id === customerCreated(victim) && !mergeRecorded
        ? { status: 503, headers: { 'Retry-After': '1' } }
        : { status: 200 },
    );
    await hooks.waitFor((all) => all.some((request) => request.body.id === customerCreated(victim)));

    const merge = await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] });
    expect([200, 202]).toContain(merge.status);
    const mergeEventId = `customer.merged:${merge.body.id}`;
    await eventuallyAudited(merge.body.id);
    mergeRecorded = true;

    const received = await hooks.waitFor((all) => accepted(all, mergeEventId).length === 1);
    const order = received.filter((request) => request.answered < 300).map((request) => request.body.id);
    expect(order.indexOf(customerCreated(victim))).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(customerCreated(survivor))).toBeLessThan(order.indexOf(mergeEventId));
    expect(order.indexOf(customerCreated(victim))).toBeLessThan(order.indexOf(mergeEventId));
    expect(received.filter((request) => request.body.id === mergeEventId && request.answered >= 300)).toEqual([]);
    expect(accepted(received, mergeEventId)[0].body.data).toMatchObject({
      mergeId: merge.body.id,
      survivorId: survivor,
      victimIds: [victim],
      moved: expect.any(Object),
    });
    expect(received.every((request) => request.body.tenantId === acme.admin.tenantId)).toBe(true);
    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${subscription.id}`)).status).toBe(204);
  });
});

describe('events of undoable operations', () => {
  it('posts a merge’s undo after the merge, naming the merge and the customers given back', async () => {
    const hooks = await receiver();
    const subscription = await subscribe(acme.admin, hooks.url, ['customer.merged', 'merge.undone']);
    const survivor = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Di Kept' });
    const victim = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Di Removed' });
    const merge = await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] });
    expect([200, 202]).toContain(merge.status);
    await eventuallyAudited(merge.body.id);

    const undo = await as(acme.supervisor).post(`/api/v1/merges/${merge.body.id}/undo`);
    expect(undo.status).toBe(202);

    const received = await hooks.waitFor((all) => all.some((request) => request.body.type === 'merge.undone'));
    expect(received.map((request) => request.body.type)).toEqual(['customer.merged', 'merge.undone']);
    expect(received[1].body.id).toMatch(/^merge\.undone:/);
    expect(received[1].body.data).toMatchObject({ mergeId: merge.body.id });
    expect(received[1].body.data.customerIds).toEqual(expect.arrayContaining([survivor, victim]));
    expect((await as(acme.admin).delete(`/api/v1/webhook-subscriptions/${subscription.id}`)).status).toBe(204);
  });
});

/** The merge once the worker finished it (its audit record, which its event comes from, is written by then). */
async function eventuallyAudited(mergeId: string): Promise<void> {
  await eventually(
    async () => (await as(acme.admin).get(`/api/v1/merges/${mergeId}`)).body.status as string,
    (status) => status === 'done',
  );
}
