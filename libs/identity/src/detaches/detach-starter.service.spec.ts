import { Types } from 'mongoose';
import type {
  ConversationRepository,
  Customer,
  CustomerOwnershipRepository,
  CustomerRepository,
  DetachRepository,
  Identity,
  IdentityRepository,
  Stored,
} from '@app/persistence';
import type { DetachesProducer } from '@app/queue';
import type { CustomerLocksService, LockHolders } from '../customer-locks.service.js';
import { DetachStarterService } from './detach-starter.service.js';

const tenantId = new Types.ObjectId();
const customerId = new Types.ObjectId();
const whatsappId = new Types.ObjectId();
const emailId = new Types.ObjectId();
const at = new Date('2026-03-01T10:00:00Z');

const identity = (_id: Types.ObjectId, kind: 'whatsapp' | 'email', address: string, profileName?: string) =>
  ({
    _id,
    tenantId,
    customerId,
    key: `${kind}:${address}`,
    kind,
    channelId: new Types.ObjectId(),
    anonymous: false,
    identifierType: kind === 'email' ? 'email' : 'phone',
    address,
    ...(profileName ? { profileName } : {}),
  }) as Stored<Identity>;

const ann = {
  _id: customerId,
  tenantId,
  name: 'Ann',
  kind: 'contact',
  contactData: [
    { type: 'phone', value: '+15550100', display: '+1 555 0100', grantsAccess: true },
    { type: 'email', value: 'ann@example.com', grantsAccess: false },
  ],
  uniqueIdentifiers: [],
  mergedInto: null,
  createdAt: at,
  updatedAt: at,
} as unknown as Stored<Customer>;

/** A starter over fakes, recording the order of its writes and what it journals. */
function starterWith(options: {
  customer?: Stored<Customer> | null;
  identities?: Stored<Identity>[];
  held?: LockHolders;
}) {
  const calls = { order: [] as string[], statuses: [] as string[], journal: {} as Record<string, unknown> };
  const customers = { findById: async () => (options.customer === undefined ? ann : options.customer) };
  const identities = {
    findByCustomers: async () =>
      options.identities ?? [
        identity(whatsappId, 'whatsapp', '+15550100', ' Bo '),
        identity(emailId, 'email', 'ann@example.com'),
      ],
  };
  const conversations = {
    totalsOfIdentity: async () => ({ conversations: 2, messages: 7, lastMessageAt: at }),
  };
  const detaches = {
    create: async (detach: Record<string, unknown>) => {
      calls.order.push('journal');
      Object.assign(calls.journal, detach);
      return { ...detach, status: 'pending', completedSteps: [] };
    },
    setStatus: async (_tenant: unknown, _id: unknown, from: string, to: string) => {
      calls.statuses.push(`${from}->${to}`);
      return true;
    },
    startRunning: async (_tenant: unknown, _id: unknown, intent: unknown, moved: unknown) => {
      calls.statuses.push('pending->running');
      Object.assign(calls.journal, { intent, moved });
    },
  };
  const locks = {
    acquire: async () => {
      calls.order.push('lock');
      return options.held;
    },
    release: async () => {
      calls.order.push('release');
    },
  };
  const producer = {
    execute: async () => {
      calls.order.push('enqueue');
    },
  };
  const starter = new DetachStarterService(
    customers as unknown as CustomerRepository,
    identities as unknown as IdentityRepository,
    conversations as unknown as ConversationRepository,
    detaches as unknown as DetachRepository,
    locks as unknown as CustomerLocksService,
    producer as unknown as DetachesProducer,
    {} as CustomerOwnershipRepository,
  );
  return { starter, calls };
}

const start = (starter: DetachStarterService, identityId = whatsappId.toHexString(), customer = customerId) =>
  starter.start(tenantId.toHexString(), 'supervisor-1', {
    customerId: customer.toHexString(),
    identityId,
    reason: 'not Ann',
  });

describe('DetachStarterService', () => {
  it('journals the new customer’s id first, then locks both customers, plans and hands the detach over', async () => {
    const { starter, calls } = starterWith({});

    await start(starter);

    expect(calls.order).toEqual(['journal', 'lock', 'enqueue']);
    expect(calls.statuses).toEqual(['pending->running']);
    expect(calls.journal).toMatchObject({
      fromCustomerId: customerId,
      identityId: whatsappId,
      toCustomerId: expect.any(Types.ObjectId),
      actorId: 'supervisor-1',
      reason: 'not Ann',
      moved: { identities: 1, conversations: 2, messages: 7, contactData: 1 },
      intent: {
        name: 'Bo',
        lastActiveAt: at,
        identifier: { type: 'phone', value: '+15550100' },
        contactData: [{ type: 'phone', value: '+15550100', display: '+1 555 0100', grantsAccess: true }],
        sourceKeepsContactData: false,
        separation: expect.arrayContaining([expect.objectContaining({ rule: 'identity_matches_contact' })]),
      },
    });
  });

  it.each([
    ['an unknown customer', { customer: null }, whatsappId, 'customer_not_found'],
    [
      'a merged-away customer',
      { customer: { ...ann, mergedInto: new Types.ObjectId() } as Stored<Customer> },
      whatsappId,
      'customer_merged',
    ],
    ['an identity of someone else', {}, new Types.ObjectId(), 'identity_not_found'],
    ['the only identity', { identities: [identity(whatsappId, 'whatsapp', '+15550100')] }, whatsappId, 'only_identity'],
  ])('refuses %s under the locks, releasing them', async (_case, options, identityId, code) => {
    const { starter, calls } = starterWith(options);

    await expect(start(starter, identityId.toHexString())).rejects.toMatchObject({ code });

    expect(calls.order).toEqual(['journal', 'lock', 'release']);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it('refuses without planning while a merge or detach holds the customer', async () => {
    const { starter, calls } = starterWith({ held: { mergeIds: ['m1'], detachIds: [], undoIds: [], moveIds: [] } });

    await expect(start(starter)).rejects.toMatchObject({ code: 'customer_busy', details: { mergeIds: ['m1'] } });

    expect(calls.order).toEqual(['journal', 'lock']);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it.each([
    ['a malformed customer id', 'not-an-id', whatsappId.toHexString(), 'customer_not_found'],
    ['a malformed identity id', customerId.toHexString(), 'not-an-id', 'identity_not_found'],
  ])('refuses %s before writing anything', async (_case, customer, identityId, code) => {
    const { starter, calls } = starterWith({});

    await expect(
      starter.start(tenantId.toHexString(), 'supervisor-1', { customerId: customer, identityId }),
    ).rejects.toMatchObject({ code });

    expect(calls.order).toEqual([]);
  });
});
