import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { coalescerStats } from './coalescer.js';
import { ConversationRepositoryModule } from './conversations/conversation-repository.module.js';
import { CustomerRepositoryModule } from './customers/customer-repository.module.js';
import { IdentityRepositoryModule } from './identities/identity-repository.module.js';
import { MessageRepositoryModule } from './messages/message-repository.module.js';
import { SuggestionRepositoryModule } from './suggestions/suggestion-repository.module.js';
import { TenantRepositoryModule } from './tenants/tenant-repository.module.js';
import { ConversationRepository } from './conversations/conversation.repository.js';
import { CustomerRepository } from './customers/customer.repository.js';
import { IdentifierOwnerRepository, IdentityRepository, type NewIdentity } from './identities/identity.repository.js';
import { MessageRepository, type NewMessage } from './messages/message.repository.js';
import { SuggestionRepository, type NewSuggestion } from './suggestions/suggestion.repository.js';
import { TenantRepository } from './tenants/tenant.repository.js';

/**
 * Calls made in one turn of the event loop share one database command (coalescers). Each call must still get its
 * own answer: duplicates refused one by one, a bad document failing only its caller, and nothing answered across
 * tenants.
 */
let env: TestEnvironment;
let context: INestApplicationContext;
let db: Connection;
const tenantId = new Types.ObjectId();
const otherTenantId = new Types.ObjectId();
let sequence = 0;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [
    TenantRepositoryModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    ConversationRepositoryModule,
    MessageRepositoryModule,
    SuggestionRepositoryModule,
  ]);
  db = context.get(getConnectionToken());
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

function newMessage(overrides: Partial<NewMessage> = {}): NewMessage {
  sequence += 1;
  return {
    tenantId,
    conversationId: new Types.ObjectId(),
    channelId: new Types.ObjectId(),
    direction: 'inbound',
    externalId: `coalesced-${sequence}`,
    sentAt: new Date(Date.UTC(2026, 2, 1, 10, 0, sequence)),
    messageType: 'text',
    text: `hello ${sequence}`,
    attachments: [],
    ...overrides,
  } as NewMessage;
}

function newIdentity(tenant: Types.ObjectId, address: string): NewIdentity {
  return {
    tenantId: tenant,
    customerId: new Types.ObjectId(),
    key: `email:${address}`,
    kind: 'email',
    channelId: new Types.ObjectId(),
    anonymous: false,
    identifierType: 'email',
    address,
    displayAddress: address,
  } as NewIdentity;
}

describe('coalesced inserts', () => {
  it('stores a message once when its redelivery arrives in the same turn, and each call says which', async () => {
    const message = newMessage();
    const before = coalescerStats()['Message.insert'] ?? { calls: 0, batches: 0 };
    const [first, second, other] = await Promise.all([
      context.get(MessageRepository).insertUnlessKnown(message),
      context.get(MessageRepository).insertUnlessKnown({ ...message, text: 'again' }),
      context.get(MessageRepository).insertUnlessKnown(newMessage()),
    ]);
    expect(first).toMatchObject({ externalId: message.externalId, text: message.text });
    expect(first!._id).toBeInstanceOf(Types.ObjectId);
    expect(first!.createdAt).toBeInstanceOf(Date);
    expect(second).toBeUndefined();
    expect(other).toBeDefined();
    expect(await db.collection('messages').countDocuments({ externalId: message.externalId })).toBe(1);
    // The three calls went to the database as one insertMany.
    expect(coalescerStats()['Message.insert']).toEqual({ calls: before.calls + 3, batches: before.batches + 1 });
  });

  it('fails only the caller whose document is invalid', async () => {
    const valid = newMessage();
    const outcomes = await Promise.allSettled([
      context.get(MessageRepository).insertUnlessKnown(valid),
      context.get(MessageRepository).insertUnlessKnown(newMessage({ direction: 'sideways' as 'inbound' })),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { externalId: valid.externalId } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { name: 'ValidationError' } });
    expect(await db.collection('messages').countDocuments({ direction: 'sideways' })).toBe(0);
  });

  it('gives two deliveries of a new identity in one turn the same identity', async () => {
    const identities = context.get(IdentityRepository);
    const [first, second] = await Promise.all([
      identities.insertOrGet(newIdentity(tenantId, 'same-turn@example.com')),
      identities.insertOrGet(newIdentity(tenantId, 'same-turn@example.com')),
    ]);
    expect(second._id.equals(first._id)).toBe(true);
    expect(await db.collection('identities').countDocuments({ key: 'email:same-turn@example.com' })).toBe(1);
  });

  it('keeps one suggestion per pair when two checks insert it in one turn', async () => {
    const [a, b] = [new Types.ObjectId(), new Types.ObjectId()].sort((x, y) =>
      x.toHexString().localeCompare(y.toHexString()),
    );
    const suggestion: NewSuggestion = {
      tenantId,
      pairKey: `${a.toHexString()}:${b.toHexString()}`,
      customerIds: [a, b],
      openedFrom: a,
      status: 'open',
      evidence: [],
      score: 0.9,
      seenRules: [],
      blocks: [],
      history: [],
    };
    const outcomes = await Promise.all([
      context.get(SuggestionRepository).insertUnlessPaired(suggestion),
      context.get(SuggestionRepository).insertUnlessPaired({ ...suggestion, openedFrom: b }),
    ]);
    expect(outcomes.filter((outcome) => outcome !== undefined)).toHaveLength(1);
  });
});

describe('coalesced updates', () => {
  it('creates a new customer once when its first deliveries arrive in one turn, and keeps the latest activity', async () => {
    const customers = context.get(CustomerRepository);
    const id = new Types.ObjectId();
    const existing = new Types.ObjectId();
    await customers.recordActivity(tenantId, existing, new Date('2026-03-01T09:00:00Z'));
    const created = await Promise.all([
      customers.recordActivity(tenantId, id, new Date('2026-03-01T10:00:00Z'), { name: 'Ann' }),
      customers.recordActivity(tenantId, id, new Date('2026-03-01T11:00:00Z'), { name: 'Ann' }),
      customers.recordActivity(tenantId, existing, new Date('2026-03-01T12:00:00Z')),
    ]);
    expect(created).toEqual([{ created: true }, { created: false }, { created: false }]);
    const [customer] = await customers.findByIds(tenantId, [id]);
    expect(customer).toMatchObject({
      name: 'Ann',
      kind: 'contact',
      mergedInto: null,
      lastActiveAt: new Date('2026-03-01T11:00:00Z'),
    });
  });

  it('answers each customer of one bulk write on its own when one of them is refused', async () => {
    const customers = context.get(CustomerRepository);
    const taken = new Types.ObjectId();
    await customers.recordActivity(otherTenantId, taken, new Date('2026-03-01T09:00:00Z'));
    const fresh = new Types.ObjectId();
    const outcomes = await Promise.allSettled([
      customers.recordActivity(tenantId, fresh, new Date('2026-03-01T10:00:00Z')),
      // The id is another tenant's customer: the upsert cannot insert it, and nothing of that tenant is touched.
      customers.recordActivity(tenantId, taken, new Date('2026-03-01T10:00:00Z')),
    ]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: { created: true } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 11000 } });
    const [theirs] = await customers.findByIds(otherTenantId, [taken]);
    expect(theirs.lastActiveAt).toEqual(new Date('2026-03-01T09:00:00Z'));
  });

  it('leaves a tombstone as it is and answers it, beside a live customer of the same bulk write', async () => {
    const customers = context.get(CustomerRepository);
    const [live, merged, survivor] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const mergeId = new Types.ObjectId();
    for (const id of [live, merged, survivor])
      await customers.recordActivity(tenantId, id, new Date('2026-03-01T09:00:00Z'));
    await customers.tombstone(tenantId, [merged], survivor, mergeId);
    const outcomes = await Promise.all([
      customers.recordActivity(tenantId, live, new Date('2026-03-01T10:00:00Z')),
      customers.recordActivity(tenantId, merged, new Date('2026-03-01T10:00:00Z')),
    ]);
    expect(outcomes).toEqual([
      { created: false },
      { created: false, tombstone: expect.objectContaining({ _id: merged, mergedInto: survivor, mergeId }) },
    ]);
    const [tombstone] = await customers.findByIds(tenantId, [merged]);
    expect(tombstone.lastActiveAt).toEqual(new Date('2026-03-01T09:00:00Z'));
  });

  it('counts every message of concurrent deliveries to one conversation', async () => {
    const conversations = context.get(ConversationRepository);
    const conversation = await conversations.recordActivity(tenantId, {
      key: `coalesced-${new Types.ObjectId().toHexString()}`,
      at: new Date('2026-03-01T10:00:00Z'),
      channelId: new Types.ObjectId(),
      customerId: new Types.ObjectId(),
      identityId: new Types.ObjectId(),
    } as Parameters<ConversationRepository['recordActivity']>[1]);
    const outcomes = await Promise.allSettled([
      ...[1, 2, 3].map(() => conversations.countMessage(tenantId, conversation._id)),
      // mongoose cannot cast this one: it fails alone, and the others are counted once each.
      conversations.countMessage('not-an-id', conversation._id),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const stored = await db.collection('conversations').findOne({ _id: conversation._id });
    expect(stored?.messageCount).toBe((conversation.messageCount ?? 0) + 3);
  });
});

describe('coalesced upserts', () => {
  const activity = (key: string, at: string) =>
    ({
      key,
      at: new Date(at),
      channelId: new Types.ObjectId(),
      channelKind: 'whatsapp',
      customerId: new Types.ObjectId(),
      identityId: new Types.ObjectId(),
    }) as Parameters<ConversationRepository['recordActivity']>[1];

  it('gives the first messages of one new conversation in one turn the same conversation, with the latest time', async () => {
    const conversations = context.get(ConversationRepository);
    const key = `upsert-${new Types.ObjectId().toHexString()}`;
    const other = `upsert-${new Types.ObjectId().toHexString()}`;
    const [first, second, third] = await Promise.all([
      conversations.recordActivity(tenantId, activity(key, '2026-03-01T10:00:00Z')),
      conversations.recordActivity(tenantId, activity(key, '2026-03-01T12:00:00Z')),
      conversations.recordActivity(tenantId, activity(other, '2026-03-01T11:00:00Z')),
    ]);
    expect(second._id.equals(first._id)).toBe(true);
    expect(third._id.equals(first._id)).toBe(false);
    expect(third.key).toBe(other);
    // The answer is the document after the update: both messages' times have been applied.
    expect(second.lastMessageAt).toEqual(new Date('2026-03-01T12:00:00Z'));
    expect(await db.collection('conversations').countDocuments({ key })).toBe(1);
  });

  it('opens a conversation with the id of the call that opened it, alone and in one turn with others', async () => {
    const conversations = context.get(ConversationRepository);
    const [alone, together] = [1, 2].map(() => `upsert-${new Types.ObjectId().toHexString()}`);
    const ids = [1, 2, 3, 4].map(() => new Types.ObjectId());
    const first = await conversations.recordActivity(tenantId, {
      ...activity(alone, '2026-03-01T10:00:00Z'),
      id: ids[0],
    });
    const again = await conversations.recordActivity(tenantId, {
      ...activity(alone, '2026-03-01T11:00:00Z'),
      id: ids[1],
    });
    const concurrent = await Promise.all(
      ids
        .slice(2)
        .map((id) => conversations.recordActivity(tenantId, { ...activity(together, '2026-03-01T10:00:00Z'), id })),
    );
    expect([first._id, again._id]).toEqual([ids[0], ids[0]]);
    expect(concurrent.map((conversation) => conversation._id)).toEqual([ids[2], ids[2]]);
  });

  it('answers each tenant its own conversation when two tenants use one key in one turn', async () => {
    const conversations = context.get(ConversationRepository);
    const key = `upsert-${new Types.ObjectId().toHexString()}`;
    const [ours, theirs] = await Promise.all([
      conversations.recordActivity(tenantId, activity(key, '2026-03-01T10:00:00Z')),
      conversations.recordActivity(otherTenantId, activity(key, '2026-03-01T10:00:00Z')),
    ]);
    expect(ours.tenantId.equals(tenantId)).toBe(true);
    expect(theirs.tenantId.equals(otherTenantId)).toBe(true);
  });

  it('lets the first of two claims of a new identifier in one turn own it', async () => {
    const owners = context.get(IdentifierOwnerRepository);
    const [first, second] = [new Types.ObjectId(), new Types.ObjectId()];
    const claimed = await Promise.all([
      owners.claim(tenantId, 'phone', '+15550109999', first, 'whatsapp:+15550109999'),
      owners.claim(tenantId, 'phone', '+15550109999', second, 'sms:+15550109999'),
      owners.claim(tenantId, 'email', 'claim@example.com', second, 'email:claim@example.com'),
    ]);
    expect(claimed.map(({ customerId, claimedBy }) => [customerId.toHexString(), claimedBy])).toEqual([
      [first.toHexString(), 'whatsapp:+15550109999'],
      [first.toHexString(), 'whatsapp:+15550109999'],
      [second.toHexString(), 'email:claim@example.com'],
    ]);
  });
});

describe('coalesced lookups', () => {
  it('answers each tenant from its own documents when lookups of two tenants share a turn', async () => {
    const identities = context.get(IdentityRepository);
    const [ours, theirs] = await Promise.all([
      identities.insertOrGet(newIdentity(tenantId, 'both@example.com')),
      identities.insertOrGet(newIdentity(otherTenantId, 'both@example.com')),
    ]);
    const [foundOurs, foundTheirs, missing] = await Promise.all([
      identities.findByKey(tenantId, 'email:both@example.com'),
      identities.findByKey(otherTenantId, 'email:both@example.com'),
      identities.findByKey(tenantId, 'email:nobody@example.com'),
    ]);
    expect(foundOurs!._id.equals(ours._id)).toBe(true);
    expect(foundTheirs!._id.equals(theirs._id)).toBe(true);
    expect(missing).toBeNull();
    const [held, heldByOther] = await Promise.all([
      identities.findByCustomers(tenantId, [ours.customerId, theirs.customerId]),
      identities.findByCustomers(otherTenantId, [theirs.customerId]),
    ]);
    expect(held.map((identity) => identity._id.toHexString())).toEqual([ours._id.toHexString()]);
    expect(heldByOther.map((identity) => identity._id.toHexString())).toEqual([theirs._id.toHexString()]);
  });

  it('fails only the calls of a tenant whose query fails', async () => {
    const identities = context.get(IdentityRepository);
    const ours = await identities.insertOrGet(newIdentity(tenantId, 'isolated@example.com'));
    const [found, malformed] = await Promise.allSettled([
      identities.findByKey(tenantId, 'email:isolated@example.com'),
      identities.findByKey('not-an-id', 'email:isolated@example.com'),
    ]);
    expect(found).toMatchObject({ status: 'fulfilled', value: { _id: ours._id } });
    expect(malformed).toMatchObject({ status: 'rejected', reason: { name: 'CastError' } });
  });

  it('reads the settings of each tenant asked for in one turn, and none for an unknown or malformed id', async () => {
    const tenants = context.get(TenantRepository);
    const created = await db.collection('tenants').insertOne({
      name: 'Coalesced',
      slug: `coalesced-${sequence}`,
      identitySettings: { sharedContactThreshold: 7 },
    });
    const [settings, unknown, malformed] = await Promise.all([
      tenants.identitySettings(created.insertedId.toHexString()),
      tenants.identitySettings(new Types.ObjectId()),
      tenants.identitySettings('not-an-id'),
    ]);
    expect(settings).toMatchObject({ sharedContactThreshold: 7 });
    expect(unknown).toBeUndefined();
    expect(malformed).toBeUndefined();
  });
});
