import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Types } from 'mongoose';
import { CUSTOMER_OWNED, type MovedCollection } from './customer-ownership.js';
import { tenantObjectId, type TenantId } from './tenant-scoped.repository.js';

/** A document a merge moved, now on another customer, and the journal that moved it there (`detachId`, …). */
export interface MovedAway {
  id: Types.ObjectId;
  customerId: Types.ObjectId;
  movedBy: Record<string, Types.ObjectId>;
  /** An identifier owner's identifier. */
  identifier?: { type: string; value: string };
}

const FIELD_OF = Object.fromEntries(
  CUSTOMER_OWNED.filter((owned) => owned.treatment === 'move').map((owned) => [owned.collection, owned.field]),
) as Record<MovedCollection, string>;

/**
 * Moves the documents of the customer-owned collections between customers: one `updateMany` per collection and
 * customer, whatever the history, and each moved document remembers where it came from (for undo).
 */
@Injectable()
export class CustomerOwnershipRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async count(collection: MovedCollection, tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<number> {
    return this.connection
      .collection(collection)
      .countDocuments({ tenantId: tenantObjectId(tenantId), [FIELD_OF[collection]]: { $in: customerIds } });
  }

  /** Idempotent: a repeat finds nothing left on the victim. */
  async move(
    collection: MovedCollection,
    tenantId: TenantId,
    from: Types.ObjectId,
    to: Types.ObjectId,
    mergeId: Types.ObjectId,
  ): Promise<number> {
    const field = FIELD_OF[collection];
    const result = await this.connection
      .collection(collection)
      .updateMany({ tenantId: tenantObjectId(tenantId), [field]: from }, {
        $set: { [field]: to },
        $push: { mergeTrail: { mergeId, from } },
      } as never);
    return result.modifiedCount;
  }

  /**
   * The documents a merge moved that are no longer on its survivor (detached, or moved since), with the journal that
   * moved each last: what stands in the way of undoing the merge. At most `limit`.
   */
  async movedAwaySince(
    collection: MovedCollection,
    tenantId: TenantId,
    mergeId: Types.ObjectId,
    survivorId: Types.ObjectId,
    limit: number,
  ): Promise<MovedAway[]> {
    return this.movedAwayFrom(collection, tenantId, { mergeId }, survivorId, limit);
  }

  /**
   * The documents the journal `movedBy` (`{ mergeId }`, `{ detachId }`) moved that are no longer on `holderId`, the
   * customer it moved them to, with the journal that moved each last. At most `limit`.
   */
  async movedAwayFrom(
    collection: MovedCollection,
    tenantId: TenantId,
    movedBy: { mergeId: Types.ObjectId } | { detachId: Types.ObjectId },
    holderId: Types.ObjectId,
    limit: number,
  ): Promise<MovedAway[]> {
    const field = FIELD_OF[collection];
    const [[key, journalId]] = Object.entries(movedBy);
    const found = await this.connection
      .collection(collection)
      .find(
        { tenantId: tenantObjectId(tenantId), [`mergeTrail.${key}`]: journalId, [field]: { $ne: holderId } },
        { projection: { [field]: 1, mergeTrail: 1, identifierType: 1, value: 1 }, limit },
      )
      .toArray();
    return found.map((document) => {
      const { from: _from, ...movedBy } = (document.mergeTrail as Record<string, Types.ObjectId>[]).at(-1) ?? {};
      return {
        id: document._id as Types.ObjectId,
        customerId: document[field] as Types.ObjectId,
        movedBy,
        ...(collection === 'identifier_owners'
          ? { identifier: { type: String(document.identifierType), value: String(document.value) } }
          : {}),
      };
    });
  }

  /**
   * Moves the documents of `from` that `filter` selects (a detach: one identity, the conversations that came
   * through it; an undo: what a merge brought), each remembering the journal that moved it. Idempotent: a repeat finds nothing left on `from`.
   */
  async moveWhere(
    collection: MovedCollection,
    tenantId: TenantId,
    filter: Record<string, unknown>,
    from: Types.ObjectId,
    to: Types.ObjectId,
    movedBy: { detachId: Types.ObjectId } | { undoId: Types.ObjectId } | { moveId: Types.ObjectId },
  ): Promise<number> {
    const field = FIELD_OF[collection];
    const result = await this.connection
      .collection(collection)
      .updateMany({ ...filter, tenantId: tenantObjectId(tenantId), [field]: from }, {
        $set: { [field]: to },
        $push: { mergeTrail: { ...movedBy, from } },
      } as never);
    return result.modifiedCount;
  }

  /**
   * One document, if still on `from`, goes to `to` with the trail entry of the journal whose move it missed: a
   * delivery wrote it from what it read before that move. Answers whether it moved.
   */
  async moveMissed(
    collection: MovedCollection,
    tenantId: TenantId,
    id: Types.ObjectId,
    from: Types.ObjectId,
    to: Types.ObjectId,
    movedBy: Record<string, Types.ObjectId>,
  ): Promise<boolean> {
    const field = FIELD_OF[collection];
    const result = await this.connection
      .collection(collection)
      .updateOne({ _id: id, tenantId: tenantObjectId(tenantId), [field]: from }, {
        $set: { [field]: to },
        $push: { mergeTrail: { ...movedBy, from } },
      } as never);
    return result.modifiedCount > 0;
  }
}
