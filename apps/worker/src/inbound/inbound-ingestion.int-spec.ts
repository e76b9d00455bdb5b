import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { getConnectionToken } from '@nestjs/mongoose';
import type { InboundEvent, InboundMessage } from '@app/channels';
import { QUEUES } from '@app/queue';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { InboundIngestionService, type IngestOutcome } from '@app/identity';
import { InboundModule } from './inbound.module.js';

let env: TestEnvironment;
let context: INestApplicationContext;
let ingestion: InboundIngestionService;
let db: Connection;
let suggestions: Queue;
const tenantId = new Types.ObjectId().toHexString();
const otherTenantId = new Types.ObjectId().toHexString();
const whatsappChannel = new Types.ObjectId().toHexString();
const smsChannel = new Types.ObjectId().toHexString();
const emailChannel = new Types.ObjectId().toHexString();
const webchatChannel = new Types.ObjectId().toHexString();
let sequence = 0;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [InboundModule]);
  ingestion = context.get(InboundIngestionService);
  db = context.get(getConnectionToken());
  suggestions = context.get(getQueueToken(QUEUES.suggestions));
  await suggestions.obliterate({ force: true });
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

function message(overrides: Partial<InboundMessage> & Pick<InboundMessage, 'channelKind' | 'from'>): InboundMessage {
  sequence += 1;
  return {
    type: 'message',
    externalId: `ext-${sequence}`,
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date(Date.UTC(2026, 2, 1, 10, 0, sequence)).toISOString(),
    ...overrides,
  };
}

const ingest = (channelId: string, event: InboundEvent, tenant = tenantId): Promise<IngestOutcome> =>
  ingestion.ingest({ tenantId: tenant, channelId, event, receivedAt: new Date().toISOString() });

async function stored(outcome: IngestOutcome) {
  if (outcome.outcome !== 'stored') throw new Error(`expected a stored message, got ${outcome.outcome}`);
  return outcome;
}

const identitiesOf = (customerId: string) =>
  db
    .collection('identities')
    .find({ customerId: new Types.ObjectId(customerId) })
    .toArray();

describe('same identifier type and value: one customer', () => {
  it('joins WhatsApp and then SMS from one number into one customer with two identities', async () => {
    const whatsapp = await stored(
      await ingest(
        whatsappChannel,
        message({ channelKind: 'whatsapp', from: { address: '15550101001', name: 'Ann' } }),
      ),
    );
    const sms = await stored(
      await ingest(
        smsChannel,
        message({ channelKind: 'sms', from: { address: '+1 555 010 1001' }, to: '+15550100000' }),
      ),
    );
    expect(whatsapp.customerCreated).toBe(true);
    expect(sms.customerCreated).toBe(false);
    expect(sms.customerId).toBe(whatsapp.customerId);
    const identities = await identitiesOf(whatsapp.customerId);
    expect(identities.map((identity) => identity.key).sort()).toEqual(['sms:+15550101001', 'whatsapp:+15550101001']);
    expect(sms.conversationId).not.toBe(whatsapp.conversationId);
    const customer = await db.collection('customers').findOne({ _id: new Types.ObjectId(whatsapp.customerId) });
    expect(customer).toMatchObject({ name: 'Ann', kind: 'contact', mergedInto: null });
  });

  it('treats one email in two letter cases as one identity', async () => {
    const first = await stored(
      await ingest(emailChannel, message({ channelKind: 'email', from: { address: 'Bea@Example.COM' } })),
    );
    const second = await stored(
      await ingest(emailChannel, message({ channelKind: 'email', from: { address: 'bea@example.com' } })),
    );
    expect(second.customerId).toBe(first.customerId);
    const identities = await identitiesOf(first.customerId);
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({ address: 'bea@example.com', displayAddress: 'Bea@Example.COM' });
  });

  it('does not join a phone that an agent typed on an email-only customer', async () => {
    const emailOnly = await stored(
      await ingest(emailChannel, message({ channelKind: 'email', from: { address: 'cat@example.com' } })),
    );
    await db.collection('customers').updateOne({ _id: new Types.ObjectId(emailOnly.customerId) }, {
      $push: { contactData: { type: 'phone', value: '+15550101002', grantsAccess: false } },
    } as never);
    const whatsapp = await stored(
      await ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550101002' } })),
    );
    expect(whatsapp.customerId).not.toBe(emailOnly.customerId);
    expect(whatsapp.customerCreated).toBe(true);
  });

  it('never joins anonymous sessions to anyone, and keeps one session on one customer', async () => {
    const first = await stored(
      await ingest(webchatChannel, message({ channelKind: 'webchat', from: { sessionId: 's1' } })),
    );
    const again = await stored(
      await ingest(webchatChannel, message({ channelKind: 'webchat', from: { sessionId: 's1' } })),
    );
    const other = await stored(
      await ingest(webchatChannel, message({ channelKind: 'webchat', from: { sessionId: 's2' } })),
    );
    expect(again.customerId).toBe(first.customerId);
    expect(other.customerId).not.toBe(first.customerId);
    const [identity] = await identitiesOf(first.customerId);
    expect(identity).toMatchObject({ anonymous: true });
    expect(identity.address).toBeUndefined();
  });

  it('gives 50 concurrent first messages from one number over WhatsApp and SMS exactly one customer', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0
          ? ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550109999' } }))
          : ingest(smsChannel, message({ channelKind: 'sms', from: { address: '+15550109999' }, to: '+15550100000' })),
      ),
    );
    const customerIds = new Set(outcomes.map((outcome) => (outcome.outcome === 'stored' ? outcome.customerId : '')));
    expect(customerIds.size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'stored' && outcome.customerCreated)).toHaveLength(1);
    const [customerId] = customerIds;
    expect(await identitiesOf(customerId)).toHaveLength(2);
    expect(await db.collection('customers').countDocuments({ _id: new Types.ObjectId(customerId) })).toBe(1);
    expect(await db.collection('conversations').countDocuments({ customerId: new Types.ObjectId(customerId) })).toBe(2);
  });

  it('keeps tenants apart: the same number in another tenant is another customer', async () => {
    const here = await stored(
      await ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550101003' } })),
    );
    const there = await stored(
      await ingest(
        whatsappChannel,
        message({ channelKind: 'whatsapp', from: { address: '15550101003' } }),
        otherTenantId,
      ),
    );
    expect(there.customerId).not.toBe(here.customerId);
  });
});

describe('deliveries', () => {
  it('stores a delivery sent three times once', async () => {
    const delivery = message({ channelKind: 'whatsapp', from: { address: '15550101004' } });
    const outcomes = [
      await ingest(whatsappChannel, delivery),
      await ingest(whatsappChannel, delivery),
      await ingest(whatsappChannel, delivery),
    ];
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['stored', 'duplicate', 'duplicate']);
    expect(await db.collection('messages').countDocuments({ externalId: delivery.externalId })).toBe(1);
  });

  it('queues one duplicate check per new identity', async () => {
    const first = await stored(
      await ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550101005' } })),
    );
    await ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550101005' } }));
    const [identity] = await identitiesOf(first.customerId);
    const job = await suggestions.getJob(`check-${tenantId}-identity-${identity._id.toHexString()}`);
    expect(job?.data).toEqual({ tenantId, customerId: first.customerId, reason: 'identity.added' });
    expect(identity.checkPending).toBe(false);
  });

  it('tracks the WhatsApp customer-service window from the latest message', async () => {
    const sentAt = '2026-03-05T08:00:00.000Z';
    const { conversationId } = await stored(
      await ingest(whatsappChannel, message({ channelKind: 'whatsapp', from: { address: '15550101006' }, sentAt })),
    );
    await ingest(
      whatsappChannel,
      message({ channelKind: 'whatsapp', from: { address: '15550101006' }, sentAt: '2026-03-05T07:00:00.000Z' }),
    );
    const conversation = await db.collection('conversations').findOne({ _id: new Types.ObjectId(conversationId) });
    expect(conversation?.serviceWindowExpiresAt.toISOString()).toBe('2026-03-06T08:00:00.000Z');
    expect(conversation?.lastMessageAt.toISOString()).toBe(sentAt);
  });

  it('keeps SMS conversations per (our number, their number)', async () => {
    const from = { address: '+15550101007' };
    const a = await stored(await ingest(smsChannel, message({ channelKind: 'sms', from, to: '+15550100000' })));
    const b = await stored(await ingest(smsChannel, message({ channelKind: 'sms', from, to: '+15550100000' })));
    const c = await stored(await ingest(smsChannel, message({ channelKind: 'sms', from, to: '+15550100001' })));
    expect(b.conversationId).toBe(a.conversationId);
    expect(c.conversationId).not.toBe(a.conversationId);
  });

  it('applies delivery statuses monotonically', async () => {
    const status = (value: 'sent' | 'delivered' | 'read' | 'failed'): InboundEvent => ({
      type: 'status',
      channelKind: 'whatsapp',
      externalId: 'wamid.out-1',
      status: value,
      at: '2026-03-01T10:00:00.000Z',
    });
    const applied = [];
    for (const value of ['delivered', 'read', 'sent', 'delivered', 'read'] as const) {
      applied.push(await ingest(whatsappChannel, status(value)));
    }
    expect(applied.map((outcome) => outcome.outcome === 'status' && outcome.applied)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(await db.collection('message_statuses').findOne({ externalId: 'wamid.out-1' })).toMatchObject({
      status: 'read',
      rank: 3,
    });
  });

  it('keeps the messages of a sender that is no usable phone on an identity of its own that joins no one', async () => {
    const first = await ingest(
      smsChannel,
      message({ channelKind: 'sms', from: { address: 'AMAZON' }, externalId: 'SM-unusable-1' }),
    );
    const again = await ingest(
      smsChannel,
      message({ channelKind: 'sms', from: { address: 'AMAZON' }, externalId: 'SM-unusable-2' }),
    );
    // A short code that happens to be digits, and a phone customer with them, stay apart too.
    const digits = await ingest(smsChannel, message({ channelKind: 'sms', from: { address: '12345' } }));
    for (const outcome of [first, again, digits]) expect(outcome.outcome).toBe('stored');
    if (first.outcome !== 'stored' || again.outcome !== 'stored' || digits.outcome !== 'stored') return;
    expect(first.customerCreated).toBe(true);
    expect(again.customerId).toBe(first.customerId);
    expect(digits.customerId).not.toBe(first.customerId);
    const identity = await db.collection('identities').findOne({ customerId: new Types.ObjectId(first.customerId) });
    expect(identity).toMatchObject({
      anonymous: true,
      displayAddress: 'AMAZON',
      unusableAddress: true,
      key: `sms:${smsChannel}:unusable:AMAZON`,
    });
    expect(identity?.address).toBeUndefined();
    const conversationIds = [...new Set([first.conversationId, again.conversationId])];
    expect(
      await db
        .collection('messages')
        .countDocuments({ conversationId: { $in: conversationIds.map((id) => new Types.ObjectId(id)) } }),
    ).toBe(2);
  });
});

describe('email threading', () => {
  type EmailHeaders = Partial<Pick<NonNullable<InboundMessage['email']>, 'inReplyTo' | 'references'>>;
  const email = (
    headers: EmailHeaders,
    externalId: string,
    { from = 'dan@example.com', to = 'support@demo.example' } = {},
  ) =>
    message({
      channelKind: 'email',
      externalId,
      from: { address: from },
      to,
      email: { subject: 'Order 7', references: [], to: [to], cc: [], ...headers },
    });

  it('continues a thread by In-Reply-To, then References, else opens a new one — never by subject', async () => {
    const root = await stored(await ingest(emailChannel, email({}, '<root@example.com>')));
    const reply = await stored(
      await ingest(emailChannel, email({ inReplyTo: '<root@example.com>' }, '<r1@example.com>')),
    );
    const byReferences = await stored(
      await ingest(emailChannel, email({ references: ['<root@example.com>', '<unknown@x>'] }, '<r2@example.com>')),
    );
    const sameSubject = await stored(await ingest(emailChannel, email({}, '<other@example.com>')));
    expect(reply.conversationId).toBe(root.conversationId);
    expect(byReferences.conversationId).toBe(root.conversationId);
    expect(sameSubject.conversationId).not.toBe(root.conversationId);
  });

  it('continues a thread by the plus-address token', async () => {
    const root = await stored(await ingest(emailChannel, email({}, '<plus-root@example.com>')));
    const reply = await stored(
      await ingest(
        emailChannel,
        email({}, '<plus-reply@example.com>', { to: `support+${root.conversationId}@demo.example` }),
      ),
    );
    expect(reply.conversationId).toBe(root.conversationId);
  });

  it('does not thread another sender into a conversation', async () => {
    const root = await stored(await ingest(emailChannel, email({}, '<mine@example.com>')));
    const stranger = await stored(
      await ingest(
        emailChannel,
        email({ inReplyTo: '<mine@example.com>' }, '<theirs@example.com>', { from: 'eve@example.com' }),
      ),
    );
    expect(stranger.conversationId).not.toBe(root.conversationId);
  });
});
