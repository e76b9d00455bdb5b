import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type TenantId } from '../tenant-scoped.repository.js';
import { IdentifierClaim } from './identifier-claim.schema.js';

export interface ClaimedValue {
  identifierType: string;
  value: string;
}

@Injectable()
export class IdentifierClaimRepository extends TenantScopedRepository<IdentifierClaim> {
  constructor(@InjectModel(IdentifierClaim.name) model: Model<IdentifierClaim>) {
    super(model);
  }

  /** The customer the value is claimed for: `customerId` when this call claimed it (now or before), else another. */
  async claim(tenantId: TenantId, { identifierType, value }: ClaimedValue, customerId: Types.ObjectId) {
    const claim = async () => {
      const stored = await this.model
        .findOneAndUpdate(
          this.scoped({ tenantId, identifierType, value }),
          { $setOnInsert: { customerId } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<{ customerId: Types.ObjectId }>()
        .exec();
      return stored!.customerId;
    };
    try {
      return await claim();
    } catch (error) {
      // Two first claims at once: the loser's insert hit the unique key, and the winner's claim is there to read.
      if (!isDuplicateKeyError(error)) throw error;
      return claim();
    }
  }

  /** Moves a claim from the customer it names to another; false when it names someone else by now. */
  async takeOver(tenantId: TenantId, claimed: ClaimedValue, from: Types.ObjectId, to: Types.ObjectId) {
    return this.updateOne({ tenantId, ...claimed, customerId: from }, { $set: { customerId: to } });
  }

  /** Gives up the claim of a customer this call did not create after all. */
  async release(tenantId: TenantId, claimed: ClaimedValue, customerId: Types.ObjectId): Promise<void> {
    await this.model.deleteOne(this.scoped({ tenantId, ...claimed, customerId })).exec();
  }
}
