import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { Customer, Detach, Merge, Stored } from '@app/persistence';
import { lineageIdentityIds, toCustomerLineage, type LineageSources } from './lineage-view.js';

const id = () => new Types.ObjectId();
const self = id();
const other = id();
const identityId = id();
const at = new Date('2026-05-01T10:00:00Z');
const later = new Date('2026-05-02T10:00:00Z');

const merge = (fields: Partial<Merge> = {}) =>
  ({
    _id: id(),
    survivorId: self,
    victimIds: [other],
    actorId: 'u1',
    before: [
      {
        id: other.toHexString(),
        name: 'Annie',
        identities: [{ id: identityId.toHexString(), kind: 'sms', anonymous: false }],
      },
    ],
    createdAt: at,
    finishedAt: at,
    ...fields,
  }) as unknown as Stored<Merge>;

const detach = (fields: Partial<Detach> = {}) =>
  ({
    _id: id(),
    identityId,
    fromCustomerId: self,
    toCustomerId: other,
    actorId: 'u1',
    createdAt: at,
    finishedAt: at,
    updatedAt: at,
    ...fields,
  }) as unknown as Stored<Detach>;

const sources = (fields: Partial<LineageSources>): LineageSources => ({
  customerId: self,
  merges: [],
  detaches: [],
  customers: new Map(),
  identities: new Map(),
  users: new Map(),
  channels: [],
  ...fields,
});

describe('toCustomerLineage', () => {
  it.each([
    ['a merge into this customer', { merges: [merge()] }, 'merged_in', 'Annie'],
    [
      'a detach from this customer',
      { detaches: [detach({ intent: { name: 'Split' } as Detach['intent'] })] },
      'detached',
      'Split',
    ],
    [
      'a detach that created this customer',
      {
        detaches: [
          detach({
            fromCustomerId: other,
            toCustomerId: self,
            intent: { before: { name: 'Source' } } as unknown as Detach['intent'],
          }),
        ],
      },
      'detached_from',
      'Source',
    ],
  ])('%s is one entry, named from its journal when the profile has no name now', (_, given, relation, name) => {
    const [entry] = toCustomerLineage(sources(given)).entries;

    expect(entry).toMatchObject({ relation, profile: { id: other.toHexString(), name, mergedInto: null } });
  });

  it('prefers the profile’s name now, and says where a tombstone leads', () => {
    const customers = new Map([
      [other.toHexString(), { _id: other, name: 'Annie Lee', mergedInto: self } as Stored<Customer>],
    ]);

    const [entry] = toCustomerLineage(sources({ merges: [merge()], customers })).entries;

    expect(entry.profile).toEqual({ id: other.toHexString(), name: 'Annie Lee', mergedInto: self.toHexString() });
  });

  it('shows a detach’s undo as the undoneAt of the detach, not as an entry', () => {
    const original = detach();
    const undo = detach({ fromCustomerId: other, toCustomerId: self, undoes: original._id, finishedAt: later });

    const { entries } = toCustomerLineage(sources({ detaches: [undo, original] }));

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ operationId: original._id.toHexString(), undoneAt: later.toISOString() });
  });

  it('lists newest first and names the actor, or null when no such user is left', () => {
    const users = new Map([['u1', { name: 'Sam' }]]) as unknown as LineageSources['users'];
    const { entries } = toCustomerLineage(
      sources({ merges: [merge({ actorId: 'gone' })], detaches: [detach({ finishedAt: later })], users }),
    );

    expect(entries.map((entry) => [entry.relation, entry.actor.name])).toEqual([
      ['detached', 'Sam'],
      ['merged_in', null],
    ]);
  });

  it('names every identity the journals mention once', () => {
    expect(lineageIdentityIds([merge()], [detach()])).toEqual([identityId.toHexString()]);
  });
});
