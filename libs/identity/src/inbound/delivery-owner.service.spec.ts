import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type {
  Conversation,
  CustomerOwnershipRepository,
  CustomerRepository,
  IdentityRepository,
  Identity,
  Stored,
} from '@app/persistence';
import { DeliveryOwnerService } from './delivery-owner.service.js';

const tenantId = new Types.ObjectId().toHexString();
const at = new Date('2026-03-01T10:00:00Z');

/** Customers (a tombstone names its survivor and merge), where the identity is now, and the moves asked for. */
function world(tombstones: Map<string, { mergedInto: Types.ObjectId; mergeId: Types.ObjectId }>, holder: Identity) {
  const moves: unknown[][] = [];
  const activity: string[] = [];
  const customers = {
    recordActivity: (_tenant: string, id: Types.ObjectId) => {
      activity.push(id.toHexString());
      const tombstone = tombstones.get(id.toHexString());
      return Promise.resolve(tombstone ? { created: false, tombstone: { _id: id, ...tombstone } } : { created: true });
    },
  } as unknown as CustomerRepository;
  const identities = { findByKey: () => Promise.resolve(holder) } as unknown as IdentityRepository;
  const ownership = {
    moveMissed: (...args: unknown[]) => {
      moves.push(args.slice(0, 2).concat(args.slice(2).map((arg) => (arg as Types.ObjectId).toHexString?.() ?? arg)));
      return Promise.resolve(true);
    },
  } as unknown as CustomerOwnershipRepository;
  return { service: new DeliveryOwnerService(customers, identities, ownership), moves, activity };
}

function written(customerId: Types.ObjectId, opened: boolean) {
  const identity = { _id: new Types.ObjectId(), key: 'sms:+15550100', customerId } as Stored<Identity>;
  const conversation = { _id: new Types.ObjectId(), customerId, identityId: identity._id } as Stored<Conversation>;
  return { identity, conversation, opened };
}

describe('DeliveryOwnerService', () => {
  it('records activity on the customer of an existing conversation, reading nothing more', async () => {
    const owner = new Types.ObjectId();
    const writes = written(owner, false);
    const { service, moves, activity } = world(new Map(), { customerId: new Types.ObjectId() } as Identity);
    expect(await service.recordActivity(tenantId, writes, at, {})).toEqual({ customerId: owner, created: true });
    expect([moves, activity]).toEqual([[], [owner.toHexString()]]);
  });

  it('moves a conversation it opened to where its identity went meanwhile, as the journal that moved it', async () => {
    const [from, to, detachId] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const writes = written(from, true);
    const holder = { ...writes.identity, customerId: to, mergeTrail: [{ detachId, from }] } as Identity;
    const { service, moves, activity } = world(new Map(), holder);
    expect(await service.recordActivity(tenantId, writes, at, {})).toEqual({ customerId: to, created: true });
    expect(moves).toEqual([
      [
        'conversations',
        tenantId,
        writes.conversation._id.toHexString(),
        from.toHexString(),
        to.toHexString(),
        { detachId },
      ],
    ]);
    expect(activity).toEqual([to.toHexString()]);
  });

  it('follows tombstones to the live survivor, taking the identity and conversation along merge by merge', async () => {
    const [victim, survivor, last] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const [first, second] = [new Types.ObjectId(), new Types.ObjectId()];
    const tombstones = new Map([
      [victim.toHexString(), { mergedInto: survivor, mergeId: first }],
      [survivor.toHexString(), { mergedInto: last, mergeId: second }],
    ]);
    const writes = written(victim, false);
    const { service, moves, activity } = world(tombstones, writes.identity);
    expect(await service.recordActivity(tenantId, writes, at, {})).toEqual({ customerId: last, created: true });
    const hop = (from: Types.ObjectId, to: Types.ObjectId, mergeId: Types.ObjectId) =>
      (['identities', 'conversations'] as const).map((collection) => [
        collection,
        tenantId,
        (collection === 'identities' ? writes.identity : writes.conversation)._id.toHexString(),
        from.toHexString(),
        to.toHexString(),
        { mergeId },
      ]);
    expect(moves).toEqual([...hop(victim, survivor, first), ...hop(survivor, last, second)]);
    expect(activity).toEqual([victim, survivor, last].map((id) => id.toHexString()));
  });
});
