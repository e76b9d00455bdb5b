import request from 'supertest';
import { createConnectorChannel, RestClient, startIngressApi, type IngressApi } from '@app/testing';

let ingress: IngressApi;
let apiChannel: { id: string; key: string };
let webchatChannel: { id: string; key: string };
let adminToken: string;

const deliver = (channelId: string, key: string | undefined, body: object) => {
  const call = request(ingress.api.url).post(`/api/v1/channels/${channelId}/messages`);
  return (key === undefined ? call : call.set('Authorization', `Bearer ${key}`)).send(body);
};

beforeAll(async () => {
  ingress = await startIngressApi('Connectco');
  const admin = await RestClient.signIn(ingress.api.url, ingress.admin.email, ingress.admin.password);
  adminToken = admin.token;
  apiChannel = await createConnectorChannel(admin, 'api');
  webchatChannel = await createConnectorChannel(admin, 'webchat');
});

afterAll(async () => {
  await ingress?.close();
});

describe('connector API', () => {
  it('answers 202 and queues the normalized message', async () => {
    const response = await deliver(apiChannel.id, apiChannel.key, {
      externalId: 'crm-1',
      from: { address: '+4915112345678', name: 'Ann Example' },
      text: 'Hello',
      attachments: [{ url: 'https://cdn.example.com/a.pdf', contentType: 'application/pdf', name: 'a.pdf' }],
      sentAt: '2026-03-01T09:30:00Z',
      threadHint: 'order-4711',
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true, externalId: 'crm-1' });
    const job = await ingress.queue.messageJob(apiChannel.id, 'crm-1');
    expect(job?.data.event).toEqual({
      type: 'message',
      channelKind: 'api',
      externalId: 'crm-1',
      from: { address: '+4915112345678', name: 'Ann Example' },
      text: 'Hello',
      attachments: [{ url: 'https://cdn.example.com/a.pdf', contentType: 'application/pdf', name: 'a.pdf' }],
      messageType: 'text',
      sentAt: '2026-03-01T09:30:00.000Z',
      threadHint: 'order-4711',
      // The key was created trusted: its connector vouches for the address.
      senderVerified: true,
    });
  });

  it('queues an anonymous webchat message with only a session id, once however often it is sent', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await deliver(webchatChannel.id, webchatChannel.key, {
        externalId: 'chat-1',
        from: { sessionId: 'session-7f3a' },
        text: 'Anyone there?',
      });
      expect(response.status).toBe(202);
    }
    const jobs = await ingress.queue.jobsOf(webchatChannel.id);
    expect(jobs.map((job) => job.data.event)).toEqual([
      expect.objectContaining({ channelKind: 'webchat', externalId: 'chat-1', from: { sessionId: 'session-7f3a' } }),
    ]);
  });

  it.each([
    ['no key', () => undefined],
    ['a malformed key', () => 'not-a-key'],
    // The service relies on the guard for a connector principal: a user's access token is no connector key.
    ["a signed-in user's access token", () => adminToken],
  ])('refuses %s with 401', async (_case, key) => {
    const response = await deliver(apiChannel.id, key(), { externalId: 'crm-x', from: { address: 'a@b.example' } });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
  });

  it("refuses another channel's key with 403 wrong_channel", async () => {
    const response = await deliver(apiChannel.id, webchatChannel.key, {
      externalId: 'crm-wrong',
      from: { address: 'a@b.example' },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('wrong_channel');
    expect(await ingress.queue.messageJob(apiChannel.id, 'crm-wrong')).toBeUndefined();
  });

  it.each([
    ['neither address nor sessionId', { externalId: 'v-1', from: { name: 'Ann' } }, ['from.address', 'from.sessionId']],
    ['no sender', { externalId: 'v-2', text: 'hi' }, ['from']],
    ['no externalId', { from: { address: 'a@b.example' } }, ['externalId']],
    ['an empty address', { externalId: 'v-3', from: { address: '' } }, ['from.address']],
    [
      'an attachment without content type',
      { externalId: 'v-4', from: { sessionId: 's' }, attachments: [{ url: 'https://x.example/a' }] },
      ['attachments.0.contentType'],
    ],
    ['a sentAt that is not ISO 8601', { externalId: 'v-5', from: { sessionId: 's' }, sentAt: 'yesterday' }, ['sentAt']],
    ['an unknown field', { externalId: 'v-6', from: { sessionId: 's' }, priority: 'high' }, ['priority']],
  ])('refuses %s with 400 validation_failed', async (_case, body, fields) => {
    const response = await deliver(apiChannel.id, apiChannel.key, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(fields));
  });

  it('is documented in the OpenAPI document with examples and bearer auth', async () => {
    const document = await request(ingress.api.url).get('/api/docs-json');
    const operation = document.body.paths['/api/v1/channels/{channelId}/messages']?.post;
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation.requestBody.content['application/json'].examples)).toEqual(['known', 'anonymous']);
    expect(operation.responses['202']).toBeDefined();
    expect(Object.keys(document.body.paths).filter((path) => path.startsWith('/webhooks'))).toEqual([]);
  });
});
