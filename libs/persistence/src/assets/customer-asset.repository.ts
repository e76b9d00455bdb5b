import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import type { CustomerAsset, NumberedAssetKind } from './customer-asset.schema.js';
import { CustomerAsset as CustomerAssetModel } from './customer-asset.schema.js';

export type TransactionFields = Pick<CustomerAsset, 'amount' | 'currency' | 'occurredAt' | 'store' | 'channel'>;
export type LoyaltyFields = Required<Pick<CustomerAsset, 'points' | 'tier' | 'tierRank' | 'tierProgress'>>;
export type NumberedFields = Required<Pick<CustomerAsset, 'balance' | 'status'>>;

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

  /** The loyalty standings, cards and house accounts (everything but transactions) of the customers. */
  holdingsOf(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Stored<CustomerAsset>[]> {
    return this.find(
      { tenantId, customerId: { $in: customerIds }, kind: { $ne: 'transaction' } },
      { sort: { kind: 1, key: 1 } },
    );
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

  /** Sets the customer's loyalty standing as its program posted it. */
  async setLoyalty(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    fields: LoyaltyFields,
  ): Promise<Stored<CustomerAsset>> {
    return this.upsertHeld(tenantId, customerId, 'loyalty', customerId.toHexString(), fields) as Promise<
      Stored<CustomerAsset>
    >;
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
