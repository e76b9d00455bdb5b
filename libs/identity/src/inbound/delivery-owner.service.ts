import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import {
  CustomerOwnershipRepository,
  CustomerRepository,
  IdentityRepository,
  type Conversation,
  type CustomerSeed,
  type Identity,
  type Stored,
} from '@app/persistence';

/** Merges, detaches and undos of one customer in a row while one delivery is stored are not supervisors at work. */
const MAX_FOLLOWS = 8;

/** What a delivery wrote that names a customer. */
export interface DeliveryWrites {
  identity: Stored<Identity>;
  conversation: Stored<Conversation>;
  /** This delivery opened the conversation, on the customer its identity had when it was read. */
  opened: boolean;
}

/** The journal that moved a document last, as moves record it (`mergeId`, `detachId`, …). */
function lastMove(document: object): Record<string, Types.ObjectId> {
  const trail = (document as { mergeTrail?: Record<string, Types.ObjectId>[] }).mergeTrail ?? [];
  const { from: _from, ...journal } = trail.at(-1) ?? {};
  return journal;
}

/**
 * Ends a delivery on the live customer that owns what it wrote, and records its activity there. A delivery reads its
 * identity before it writes; a merge, detach or undo may move that identity (and its conversations), or merge its
 * customer away, in between. What the delivery wrote then would hang off a tombstone, or off a customer its
 * identity left, where nobody sees it. No transaction spans these writes, so they are checked once made:
 * - a conversation this delivery opened follows its identity, read again: a journal that moves the identity after
 *   that read moves the conversation too, as it is already written;
 * - the activity write refuses a tombstone, at no cost until it meets one: what the delivery wrote on it then
 *   follows `mergedInto`. A merge that tombstones the customer after that write sweeps its victims once more.
 */
@Injectable()
export class DeliveryOwnerService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly ownership: CustomerOwnershipRepository,
  ) {}

  async recordActivity(
    tenantId: string,
    writes: DeliveryWrites,
    at: Date,
    seed: CustomerSeed,
  ): Promise<{ customerId: Types.ObjectId; created: boolean }> {
    const { identity, conversation } = writes;
    let owner = conversation.customerId;
    for (let follows = 0; follows < MAX_FOLLOWS; follows += 1) {
      if (writes.opened) {
        const holder = await this.identities.findByKey(tenantId, identity.key);
        if (holder && !holder.customerId.equals(owner)) {
          const to = holder.customerId;
          await this.ownership.moveMissed('conversations', tenantId, conversation._id, owner, to, lastMove(holder));
          owner = to;
          // Read again: the identity may have moved on before the conversation caught up.
          continue;
        }
      }
      const recorded = await this.customers.recordActivity(tenantId, owner, at, seed);
      if (!recorded.tombstone) return { customerId: owner, created: recorded.created };
      const { mergedInto, mergeId } = recorded.tombstone;
      const movedBy: Record<string, Types.ObjectId> = mergeId ? { mergeId } : {};
      await this.ownership.moveMissed('identities', tenantId, identity._id, owner, mergedInto!, movedBy);
      await this.ownership.moveMissed('conversations', tenantId, conversation._id, owner, mergedInto!, movedBy);
      owner = mergedInto!;
    }
    throw new Error(
      `conversation ${conversation._id.toHexString()} kept changing customers while a delivery was stored`,
    );
  }
}
