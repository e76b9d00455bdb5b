import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Merge, MergeLock, type MergeStep } from './merge.schema.js';

export type NewMerge = Pick<
  Merge,
  'survivorId' | 'victimIds' | 'actorId' | 'trigger' | 'suggestionId' | 'result' | 'before' | 'moved'
> &
  TenantScope & { _id: Types.ObjectId };

@Injectable()
export class MergeRepository extends TenantScopedRepository<Merge> {
  constructor(@InjectModel(Merge.name) model: Model<Merge>) {
    super(model);
  }

  async create(merge: NewMerge): Promise<Stored<Merge>> {
    return (await this.model.create({ ...merge, status: 'running', completedSteps: [] })).toObject();
  }

  async completeStep(tenantId: TenantId, id: Types.ObjectId, step: MergeStep): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $addToSet: { completedSteps: step } });
  }

  async finish(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $set: { status: 'done', finishedAt: new Date() } },
    );
  }

  /** Merges a dead worker left unfinished, in every tenant: the worker resumes them at start. */
  findUnfinishedOfAllTenants(limit: number): Promise<Stored<Merge>[]> {
    return this.model.find({ status: 'running' }).limit(limit).lean<Stored<Merge>[]>().exec();
  }
}

@Injectable()
export class MergeLockRepository extends TenantScopedRepository<MergeLock> {
  constructor(@InjectModel(MergeLock.name) model: Model<MergeLock>) {
    super(model);
  }

  /** Takes every customer's lock for the merge, or none: `false` when another merge holds one of them. */
  async acquire(tenantId: TenantId, mergeId: Types.ObjectId, customerIds: Types.ObjectId[]): Promise<boolean> {
    try {
      await this.model.insertMany(
        customerIds.map((customerId) => ({ tenantId, customerId, mergeId })),
        { ordered: false },
      );
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error) && !isBulkDuplicate(error)) throw error;
      await this.release(tenantId, mergeId);
      return false;
    }
  }

  async release(tenantId: TenantId, mergeId: Types.ObjectId): Promise<void> {
    await this.model.deleteMany(this.scoped({ tenantId, mergeId })).exec();
  }
}

function isBulkDuplicate(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number }[] } | null)?.writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000);
}
