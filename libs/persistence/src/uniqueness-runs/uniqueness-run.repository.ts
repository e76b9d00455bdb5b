import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { UniquenessRun, type UniquenessGroupResult, type UniquenessRunGroup } from './uniqueness-run.schema.js';

export type NewUniquenessRun = Pick<UniquenessRun, 'dryRun' | 'enforceUniqueBy' | 'actor' | 'fromDryRunId'> &
  TenantScope & { groups?: UniquenessRunGroup[] };

@Injectable()
export class UniquenessRunRepository extends TenantScopedRepository<UniquenessRun> {
  constructor(@InjectModel(UniquenessRun.name) model: Model<UniquenessRun>) {
    super(model);
  }

  /** A new run; given groups (a dry run's) are its own from the start. */
  async create(run: NewUniquenessRun): Promise<Stored<UniquenessRun>> {
    const { groups, ...rest } = run;
    const created = await this.model.create({
      ...rest,
      status: 'queued',
      grouped: groups !== undefined,
      groups: (groups ?? []).map(({ survivorId, victimIds, values }) => ({ survivorId, victimIds, values })),
    });
    return created.toObject();
  }

  async markRunning(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'queued' },
      { $set: { status: 'running', startedAt: new Date() } },
    );
  }

  /** The groups found, stored once: a job taken over after storing them keeps these. */
  async storeGroups(tenantId: TenantId, id: Types.ObjectId, groups: UniquenessRunGroup[]): Promise<void> {
    await this.updateOne({ tenantId, _id: id, grouped: false }, { $set: { groups, grouped: true } });
  }

  async recordResult(
    tenantId: TenantId,
    id: Types.ObjectId,
    index: number,
    result: UniquenessGroupResult,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $set: { [`groups.${index}.result`]: result } });
  }

  async finish(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $set: { status: 'done', finishedAt: new Date() } },
    );
  }
}
