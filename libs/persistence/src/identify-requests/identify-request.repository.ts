import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import { IdentifyRequest, type IdentifyMergePlan } from './identify-request.schema.js';

@Injectable()
export class IdentifyRequestRepository extends TenantScopedRepository<IdentifyRequest> {
  constructor(@InjectModel(IdentifyRequest.name) model: Model<IdentifyRequest>) {
    super(model);
  }

  /** The call of this request id: claimed now, or as an earlier call left it (one upsert on the unique key). */
  async claim(tenantId: TenantId, requestId: string): Promise<Stored<IdentifyRequest>> {
    const filter = this.scoped({ tenantId, requestId });
    const claim = () =>
      this.model
        .findOneAndUpdate(
          filter,
          { $setOnInsert: { newId: new Types.ObjectId() } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<Stored<IdentifyRequest>>()
        .exec();
    try {
      return await claim();
    } catch (error) {
      // Two first calls at once: the loser's insert hit the unique key, and the winner's claim is there to read.
      if (!isDuplicateKeyError(error)) throw error;
      return claim();
    }
  }

  /** The call's merge plan: `plan` unless an earlier attempt of the call chose one already. */
  async planMerge(tenantId: TenantId, requestId: string, plan: IdentifyMergePlan): Promise<IdentifyMergePlan> {
    await this.updateOne({ tenantId, requestId, mergeId: { $exists: false } }, { $set: { ...plan } });
    const stored = await this.findOne({ tenantId, requestId });
    return (stored && mergePlanOf(stored)) ?? plan;
  }

  async answer(tenantId: TenantId, requestId: string, status: number, answer: Record<string, unknown>): Promise<void> {
    await this.model.updateOne(this.scoped({ tenantId, requestId }), { $set: { status, answer } }).exec();
  }
}

/** The merge an earlier attempt of the call planned, if it planned one. */
export function mergePlanOf(call: Pick<IdentifyRequest, 'mergeId' | 'survivorId' | 'victimIds'>) {
  const { mergeId, survivorId, victimIds } = call;
  return mergeId && survivorId && victimIds ? { mergeId, survivorId, victimIds } : undefined;
}
