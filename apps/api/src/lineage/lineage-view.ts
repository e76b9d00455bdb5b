import type { Types } from 'mongoose';
import type { Channel, Customer, Detach, Identity, Merge, Stored, User } from '@app/persistence';
import type { CustomerLineage, LineageEntry, LineageIdentity, LineageProfile } from './lineage.dto.js';

/** What a customer's lineage is read from: its journals and the documents they name, by id. */
export interface LineageSources {
  customerId: Types.ObjectId;
  merges: Stored<Merge>[];
  detaches: Stored<Detach>[];
  customers: ReadonlyMap<string, Stored<Customer>>;
  identities: ReadonlyMap<string, Stored<Identity>>;
  users: ReadonlyMap<string, Stored<User>>;
  channels: Stored<Channel>[];
}

interface Snapshot {
  id?: unknown;
  name?: unknown;
  identities?: { id?: unknown; kind?: unknown; anonymous?: unknown }[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** The identity ids a merge's snapshot of a victim lists (the identities it brought). */
export function snapshotIdentityIds(merge: Pick<Merge, 'before'>, victimId: string): string[] {
  const snapshot = (merge.before as Snapshot[]).find((candidate) => String(candidate.id) === victimId);
  return (snapshot?.identities ?? []).map((identity) => String(identity.id)).filter(Boolean);
}

export function lineageIdentityIds(merges: Stored<Merge>[], detaches: Stored<Detach>[]): string[] {
  const fromMerges = merges.flatMap((merge) =>
    merge.victimIds.flatMap((victimId) => snapshotIdentityIds(merge, victimId.toHexString())),
  );
  return [...new Set([...fromMerges, ...detaches.map((detach) => detach.identityId.toHexString())])];
}

/**
 * The profiles merged into the customer, split off it, or it was split off, newest first: a detach's undo is not an
 * entry of its own but the `undoneAt` of the detach it undid.
 */
export function toCustomerLineage(sources: LineageSources): CustomerLineage {
  const { merges, detaches, customers, identities, users } = sources;
  const self = sources.customerId.toHexString();
  const profile = (id: Types.ObjectId, snapshotName?: unknown): LineageProfile => {
    const stored = customers.get(id.toHexString());
    return {
      id: id.toHexString(),
      name: text(stored?.name) ?? text(snapshotName),
      mergedInto: stored?.mergedInto ? stored.mergedInto.toHexString() : null,
    };
  };
  const actor = (id: string) => ({ id, name: users.get(id)?.name ?? null });
  const identity = (id: string, snapshot?: { kind?: unknown; anonymous?: unknown }): LineageIdentity => {
    const stored = identities.get(id);
    return {
      id,
      kind: stored?.kind ?? (snapshot?.kind as LineageIdentity['kind']),
      displayAddress: stored?.displayAddress ?? stored?.address ?? null,
      anonymous: stored?.anonymous ?? snapshot?.anonymous === true,
      customerId: stored ? stored.customerId.toHexString() : null,
    };
  };

  const mergedIn = merges.flatMap((merge) =>
    merge.victimIds.map((victimId): LineageEntry => {
      const snapshot = (merge.before as Snapshot[]).find(
        (candidate) => String(candidate.id) === victimId.toHexString(),
      );
      return {
        relation: 'merged_in',
        operationId: merge._id.toHexString(),
        profile: profile(victimId, snapshot?.name),
        identities: (snapshot?.identities ?? []).map((fact) => identity(String(fact.id), fact)),
        at: (merge.finishedAt ?? merge.createdAt).toISOString(),
        actor: actor(merge.actorId),
        reason: null,
        undoneAt: merge.undoneAt?.toISOString() ?? null,
      };
    }),
  );

  const undone = new Map<string, Date>();
  for (const undo of detaches) {
    if (undo.undoes) undone.set(undo.undoes.toHexString(), undo.finishedAt ?? undo.updatedAt);
  }
  const detached = detaches
    .filter((detach) => !detach.undoes)
    .map((detach): LineageEntry => {
      const out = detach.fromCustomerId.toHexString() === self;
      return {
        relation: out ? 'detached' : 'detached_from',
        operationId: detach._id.toHexString(),
        profile: out
          ? profile(detach.toCustomerId, detach.intent?.name)
          : profile(detach.fromCustomerId, detach.intent?.before?.name),
        identities: [identity(detach.identityId.toHexString())],
        at: (detach.finishedAt ?? detach.createdAt).toISOString(),
        actor: actor(detach.actorId),
        reason: detach.reason ?? null,
        undoneAt: undone.get(detach._id.toHexString())?.toISOString() ?? null,
      };
    });

  return {
    customerId: self,
    channels: sources.channels.map((channel) => ({
      id: channel._id.toHexString(),
      kind: channel.kind,
      name: channel.name,
    })),
    entries: [...mergedIn, ...detached].sort((a, b) => b.at.localeCompare(a.at)),
  };
}
