import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Loyalty } from '@app/domain';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { tenantObjectId, TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import type { CustomerAsset, NumberedAssetKind } from './customer-asset.schema.js';
import { CustomerAsset as CustomerAssetModel } from './customer-asset.schema.js';

export type TransactionFields = Pick<CustomerAsset, 'amount' | 'currency' | 'occurredAt' | 'store' | 'channel'>;
export type LoyaltyFields = Required<Pick<CustomerAsset, 'points' | 'tier' | 'tierRank' | 'tierProgress'>>;
export type NumberedFields = Required<Pick<CustomerAsset, 'balance' | 'status'>>;

/** What one customer holds, as a merge needs it: its own loyalty standing, and how many records in all. */
export interface AssetHoldingSummary {
  loyalty?: Loyalty;
  records: number;
}

/** A journal moving assets, as their trail remembers it. */
export type AssetMover = { mergeId: Types.ObjectId } | { undoId: Types.ObjectId };

/** A transaction recorded now, or the one its external id already named (`created: false`). */
export interface RecordedTransaction {
  transaction: Stored<CustomerAsset>;
  created: boolean;
}

@Injectable()
export class CustomerAssetRepository extends TenantScopedRepository<CustomerAsset> {
  constructor(@InjectModel(CustomerAssetModel.name) model: Model<CustomerAsset>) {
    super(model);
  }

  /**
   * The loyalty standings, cards and house accounts (everything but transactions) of the customers. Standings taken
   * in by merges (keyed by their first holder's id, on another customer) are among them: readers count only a
   * customer's own.
   */
  holdingsOf(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Stored<CustomerAsset>[]> {
    return this.find(
      { tenantId, customerId: { $in: customerIds }, kind: { $ne: 'transaction' } },
      { sort: { kind: 1, key: 1 } },
    );
  }

  /**
   * Per customer (hex id) of `customerIds` holding any asset: its own loyalty standing (the one keyed by its id; those
   * it took in by merges are not its standing) and how many records it holds. One command whatever the history.
   */
  async summaryOf(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Map<string, AssetHoldingSummary>> {
    const groups = await this.model.aggregate<{
      _id: { customerId: Types.ObjectId; standing: string | null };
      count: number;
      points?: number;
      tier?: string | null;
      tierRank?: number;
      tierProgress?: number;
    }>([
      { $match: { tenantId: tenantObjectId(tenantId), customerId: { $in: customerIds } } },
      {
        $group: {
          _id: { customerId: '$customerId', standing: { $cond: [{ $eq: ['$kind', 'loyalty'] }, '$key', null] } },
          count: { $sum: 1 },
          points: { $first: '$points' },
          tier: { $first: '$tier' },
          tierRank: { $first: '$tierRank' },
          tierProgress: { $first: '$tierProgress' },
        },
      },
    ]);
    const summaries = new Map<string, AssetHoldingSummary>();
    for (const group of groups) {
      const id = group._id.customerId.toHexString();
      const summary = summaries.get(id) ?? { records: 0 };
      summary.records += group.count;
      if (group._id.standing === id) {
        summary.loyalty = {
          points: group.points ?? 0,
          tier: group.tier ?? null,
          tierRank: group.tierRank ?? 0,
          tierProgress: group.tierProgress ?? 0,
        };
      }
      summaries.set(id, summary);
    }
    return summaries;
  }

  /**
   * Re-points the records of each move's `from` that its `filter` selects to its `to`, each remembering the journal
   * that moved it, and sets `standing`'s customer's own loyalty standing to absolute values (null removes it): one
   * command for all of it unless a standing is removed. A loyalty standing that moves keeps its key (its first
   * holder's id): on `to` it is a standing taken in, not `to`'s own, and goes back as it was when the move is undone.
   * Idempotent: a repeat finds nothing left on `from` and writes the same standing.
   */
  async moveRecords(
    tenantId: TenantId,
    moves: { filter?: Record<string, unknown>; from: Types.ObjectId; to: Types.ObjectId }[],
    movedBy: AssetMover,
    standing?: { customerId: Types.ObjectId; loyalty: Loyalty | null },
  ): Promise<void> {
    const scope = tenantObjectId(tenantId);
    const now = new Date();
    const own = standing && {
      tenantId: scope,
      customerId: standing.customerId,
      kind: 'loyalty',
      key: standing.customerId.toHexString(),
    };
    const operations = [
      ...moves.map(({ filter, from, to }) => ({
        updateMany: {
          filter: { ...filter, tenantId: scope, customerId: from },
          update: { $set: { customerId: to, updatedAt: now }, $push: { mergeTrail: { ...movedBy, from } } },
        },
      })),
      ...(own && standing.loyalty
        ? [
            {
              updateOne: {
                filter: own,
                update: { $set: { ...standing.loyalty, updatedAt: now }, $setOnInsert: { createdAt: now } },
                upsert: true,
              },
            },
          ]
        : []),
      ...(own && !standing.loyalty ? [{ deleteOne: { filter: own } }] : []),
    ];
    if (operations.length > 0) await this.model.collection.bulkWrite(operations as never, { ordered: true });
  }

  /** The customers' latest transactions, newest first. */
  recentTransactions(
    tenantId: TenantId,
    customerIds: Types.ObjectId[],
    limit: number,
  ): Promise<Stored<CustomerAsset>[]> {
    return this.find(
      { tenantId, customerId: { $in: customerIds }, kind: 'transaction' },
      { sort: { occurredAt: -1, _id: -1 }, limit },
    );
  }

  /**
   * Records a transaction once per external id: a repeat (an integration retrying) answers the stored one, on
   * whichever customer holds it now.
   */
  async recordTransaction(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    externalId: string,
    fields: TransactionFields,
  ): Promise<RecordedTransaction> {
    try {
      const created = await this.model.create({
        tenantId,
        customerId,
        kind: 'transaction',
        key: externalId,
        ...fields,
      });
      return { transaction: created.toObject(), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await this.findOne({ tenantId, kind: 'transaction', key: externalId });
      if (!stored) throw error;
      return { transaction: stored, created: false };
    }
  }

  /**
   * Sets the customer's loyalty standing as its program posted it; undefined when a merge took the standing to its
   * survivor meanwhile (the write resolved the customer before the merge made it a tombstone).
   */
  async setLoyalty(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    fields: LoyaltyFields,
  ): Promise<Stored<CustomerAsset> | undefined> {
    return this.upsertHeld(tenantId, customerId, 'loyalty', customerId.toHexString(), fields);
  }

  /**
   * Creates a card or house account on the customer, or updates it when one of `holders` (the customer and the
   * profiles merged into it) holds it; undefined when another customer of the tenant holds that number (a number
   * names one holder).
   */
  async putNumbered(
    tenantId: TenantId,
    holders: Types.ObjectId[],
    kind: NumberedAssetKind,
    number: string,
    fields: NumberedFields,
  ): Promise<Stored<CustomerAsset> | undefined> {
    const held = await this.findOne({ tenantId, kind, key: number });
    const holder = held ? holders.find((id) => id.equals(held.customerId)) : holders[0];
    return holder ? this.upsertHeld(tenantId, holder, kind, number, fields) : undefined;
  }

  /**
   * An upsert of the customer's asset of that kind and key. A duplicate key means another customer holds the key,
   * or a concurrent first write of the same customer won: run again, it then updates that customer's document.
   */
  private async upsertHeld(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    kind: CustomerAsset['kind'],
    key: string,
    fields: Partial<CustomerAsset>,
  ): Promise<Stored<CustomerAsset> | undefined> {
    const run = () =>
      this.model
        .findOneAndUpdate(
          this.scoped({ tenantId, customerId, kind, key }),
          { $set: fields },
          { upsert: true, returnDocument: 'after', runValidators: true },
        )
        .lean<Stored<CustomerAsset>>()
        .exec();
    for (let attempt = 0; ; attempt++) {
      try {
        return (await run()) ?? undefined;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (attempt === 1) return undefined;
      }
    }
  }
}
