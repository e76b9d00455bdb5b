import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type TenantId } from '../tenant-scoped.repository.js';
import { Customer } from './customer.schema.js';

export interface CustomerSeed {
  name?: string;
}

@Injectable()
export class CustomerRepository extends TenantScopedRepository<Customer> {
  constructor(@InjectModel(Customer.name) model: Model<Customer>) {
    super(model);
  }

  /**
   * Records activity of the customer with this id, creating it first when it does not exist — idempotent, so
   * whoever claimed an identifier for a new customer, or the retry of a job that crashed in between, completes it.
   * The activity time never moves backwards (deliveries arrive unordered). Answers whether this call created it.
   */
  async recordActivity(tenantId: TenantId, id: Types.ObjectId, at: Date, seed: CustomerSeed = {}): Promise<boolean> {
    const upsert = () =>
      this.model
        .updateOne(
          this.scoped({ tenantId, _id: id }),
          {
            $setOnInsert: {
              ...(seed.name ? { name: seed.name } : {}),
              kind: 'contact',
              contactData: [],
              uniqueIdentifiers: [],
              mergedInto: null,
            },
            $max: { lastActiveAt: at },
          },
          { upsert: true },
        )
        .exec();
    try {
      return (await upsert()).upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
      return false;
    }
  }

  /** The merged fields onto the survivor; activity only moves forward. Idempotent. */
  async applyMergedFields(
    tenantId: TenantId,
    survivorId: Types.ObjectId,
    fields: Pick<Customer, 'name' | 'kind' | 'contactData' | 'uniqueIdentifiers'> & { lastActiveAt?: Date },
  ): Promise<void> {
    const { lastActiveAt, ...set } = fields;
    await this.model
      .updateOne(this.scoped({ tenantId, _id: survivorId }), {
        $set: set,
        ...(lastActiveAt ? { $max: { lastActiveAt } } : {}),
      })
      .exec();
  }

  /** Victims become tombstones pointing to the survivor. Idempotent. */
  async tombstone(
    tenantId: TenantId,
    victimIds: Types.ObjectId[],
    survivorId: Types.ObjectId,
    mergeId: Types.ObjectId,
  ): Promise<void> {
    await this.model
      .updateMany(this.scoped({ tenantId, _id: { $in: victimIds }, mergedInto: null }), {
        $set: { mergedInto: survivorId, mergedAt: new Date(), mergeId },
      })
      .exec();
  }
}
