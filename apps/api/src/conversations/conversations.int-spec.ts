import { Types } from 'mongoose';
import request from 'supertest';
import { ConversationRepository, MessageRepository, MessageStatusRepository, type Role } from '@app/persistence';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
const channelId = new Types.ObjectId();

async function seedConversation(tenantId: string, key: string): Promise<string> {
  const conversation = await api.app.get(ConversationRepository).recordActivity(tenantId, {
    key,
    customerId: new Types.ObjectId(),
    identityId: new Types.ObjectId(),
    channelId,
    channelKind: 'email',
    subject: 'Order 42',
    at: new Date('2026-03-01T10:00:00Z'),
  });
  return conversation._id.toHexString();
}

/** Stored in an order unlike their provider times, as unordered deliveries are. */
async function seedMessages(tenantId: string, conversationId: string, sentAts: string[]): Promise<string[]> {
  const messages = api.app.get(MessageRepository);
  const ids: string[] = [];
  for (const [n, sentAt] of sentAts.entries()) {
    const stored = await messages.insertUnlessKnown({
      tenantId,
      conversationId: new Types.ObjectId(conversationId),
      channelId,
      direction: n % 2 ? 'outbound' : 'inbound',
      externalId: `<m${n}-${conversationId}@example.com>`,
      sentAt: new Date(sentAt),
      messageType: 'text',
      text: `message ${n}`,
      attachments: [],
      email: { subject: 'Order 42', html: '<p>secret html</p>', references: [], to: ['help@acme.example'], cc: [] },
      raw: { provider: 'payload' },
    });
    ids.push(stored!._id.toHexString());
  }
  return ids;
}

async function walk(user: TestUser, path: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query: string = `${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await as(user).get(`${path}${query}`);
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...response.body.items.map((item: { id: string }) => item.id));
    cursor = response.body.nextCursor;
  } while (cursor);
  return seen;
}

let conversation: string;
let messageIds: string[];
/** The seeded messages by provider time, then id (two share a time). */
let ascending: string[];

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, globex.agent]);
  conversation = await seedConversation(acme.agent.tenantId, 'order-42');
  messageIds = await seedMessages(acme.agent.tenantId, conversation, [
    '2026-03-01T10:05:00Z',
    '2026-03-01T10:01:00Z',
    '2026-03-01T10:03:00Z',
    '2026-03-01T10:03:00Z',
    '2026-03-01T10:00:00Z',
  ]);
  ascending = [4, 1, 2, 3, 0].map((n) => messageIds[n]);
  await seedMessages(acme.agent.tenantId, await seedConversation(acme.agent.tenantId, 'other'), [
    '2026-03-01T10:02:00Z',
  ]);
});

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/conversations/:id/messages', () => {
  it('answers the messages in provider time, oldest first', async () => {
    const response = await as(acme.agent).get(`/api/v1/conversations/${conversation}/messages`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(ascending);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[0]).toEqual({
      id: messageIds[4],
      conversationId: conversation,
      channelId: channelId.toHexString(),
      direction: 'inbound',
      externalId: `<m4-${conversation}@example.com>`,
      sentAt: '2026-03-01T10:00:00.000Z',
      messageType: 'text',
      text: 'message 4',
      attachments: [],
      email: { subject: 'Order 42', to: ['help@acme.example'], cc: [] },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/secret html|payload/);
  });

  it('shows the latest delivery status of outbound messages, and none on inbound ones or before a report', async () => {
    const statuses = api.app.get(MessageStatusRepository);
    const tenantId = acme.agent.tenantId;
    // messageIds[1] and [3] are outbound; statuses arrive unordered and the latest rank stays.
    await statuses.advance(tenantId, {
      channelId,
      externalId: `<m1-${conversation}@example.com>`,
      status: 'read',
      at: new Date(),
    });
    await statuses.advance(tenantId, {
      channelId,
      externalId: `<m1-${conversation}@example.com>`,
      status: 'delivered',
      at: new Date(),
    });
    const response = await as(acme.agent).get(`/api/v1/conversations/${conversation}/messages`);
    expect(response.status).toBe(200);
    const byId = new Map(response.body.items.map((item: { id: string; status?: string }) => [item.id, item.status]));
    expect(byId.get(messageIds[1])).toBe('read');
    expect(byId.get(messageIds[3])).toBeUndefined();
    expect(byId.get(messageIds[0])).toBeUndefined();
  });

  it('answers newest first when asked', async () => {
    const response = await as(acme.agent).get(`/api/v1/conversations/${conversation}/messages?order=desc`);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([...ascending].reverse());
  });

  it.each([
    ['ascending', '', () => ascending],
    ['descending', '?order=desc', () => [...ascending].reverse()],
  ])('walks every message once, %s, page by page', async (_case, query, expected) => {
    for (const limit of [1, 2, 3]) {
      expect(await walk(acme.agent, `/api/v1/conversations/${conversation}/messages${query}`, limit)).toEqual(
        expected(),
      );
    }
  });

  it.each([
    ['a malformed cursor', 'cursor=%%%', 'invalid_cursor'],
    ['a cursor without time', `cursor=${Buffer.from('a'.repeat(24)).toString('base64url')}`, 'invalid_cursor'],
    ['an unknown order', 'order=random', 'validation_failed'],
    ['a limit of 0', 'limit=0', 'validation_failed'],
  ])('refuses %s with 400', async (_case, query, code) => {
    const response = await as(acme.agent).get(`/api/v1/conversations/${conversation}/messages?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it.each([
    ['another tenant’s conversation', () => globex.agent, () => conversation],
    ['an unknown conversation', () => acme.agent, () => new Types.ObjectId().toHexString()],
    ['a malformed id', () => acme.agent, () => 'nope'],
  ])('answers 404 not_found for %s', async (_case, user, id) => {
    const response = await as(user()).get(`/api/v1/conversations/${id()}/messages`);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('refuses an unauthenticated request with 401', async () => {
    const response = await request(api.url).get(`/api/v1/conversations/${conversation}/messages`);
    expect(response.status).toBe(401);
  });
});
