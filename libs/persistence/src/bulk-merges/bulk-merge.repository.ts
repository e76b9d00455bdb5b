import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { afterKey, toPage, type Page, type PageRequest } from '../pagination.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { BulkMerge, type BulkPairResult } from './bulk-merge.schema.js';

export type NewBulkMerge = Pick<BulkMerge, 'idempotencyKey' | 'actor' | 'pairs'> & TenantScope;

@Injectable()
export class BulkMergeRepository extends TenantScopedRepository<BulkMerge> {
  constructor(@InjectModel(BulkMerge.name) model: Model<BulkMerge>) {
    super(model);
  }

  /** Stores the request, or answers the one stored under the same key (`created` false): its unique index decides. */
  async createOrFind(bulk: NewBulkMerge): Promise<{ bulk: Stored<BulkMerge>; created: boolean }> {
    try {
      return { bulk: (await this.model.create({ ...bulk, status: 'queued' })).toObject(), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await this.findOne({ tenantId: bulk.tenantId, idempotencyKey: bulk.idempotencyKey });
      if (!stored) throw error;
      return { bulk: stored, created: false };
    }
  }

  /** The tenant's bulk merges, newest first (an id tells when it was made). */
  async page(tenantId: TenantId, { after, limit }: PageRequest): Promise<Page<Stored<BulkMerge>>> {
    const rows = await this.find(after ? { tenantId, ...afterKey(after, -1) } : { tenantId }, {
      sort: { _id: -1 },
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => ({ id: row._id }));
  }

  async markRunning(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'queued' },
      { $set: { status: 'running', startedAt: new Date() } },
    );
  }

  async recordResult(tenantId: TenantId, id: Types.ObjectId, index: number, result: BulkPairResult): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $set: { [`pairs.${index}.result`]: result } });
  }

  async finish(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $set: { status: 'done', finishedAt: new Date() } },
    );
  }
}
