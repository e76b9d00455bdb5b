import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { JournalRepository } from '../journal.repository.js';
import { type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Detach, type DetachIntent, type DetachStatus, type DetachStep } from './detach.schema.js';

export type NewDetach = Pick<
  Detach,
  'identityId' | 'fromCustomerId' | 'toCustomerId' | 'actorId' | 'reason' | 'undoes'
> &
  TenantScope & { _id: Types.ObjectId };

@Injectable()
export class DetachRepository extends JournalRepository<Detach> {
  constructor(@InjectModel(Detach.name) model: Model<Detach>) {
    super(model);
  }

  async create(detach: NewDetach): Promise<Stored<Detach>> {
    return (await this.model.create({ ...detach, status: 'pending', completedSteps: [] })).toObject();
  }

  /**
   * The done detach journals this customer took part in, either side (a detach's undo is one, from the detached
   * customer back to the source), newest first, up to `limit`.
   */
  findDoneOfCustomer(tenantId: TenantId, customerId: Types.ObjectId, limit: number): Promise<Stored<Detach>[]> {
    return this.find(
      { tenantId, status: 'done', $or: [{ fromCustomerId: customerId }, { toCustomerId: customerId }] },
      { sort: { createdAt: -1 }, limit },
    );
  }

  /** The planned intent is journaled, and the detach may run: one write. */
  async startRunning(
    tenantId: TenantId,
    id: Types.ObjectId,
    intent: DetachIntent,
    moved: Record<string, number>,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id, status: 'pending' }, { $set: { intent, moved, status: 'running' } });
  }

  async setStatus(tenantId: TenantId, id: Types.ObjectId, from: DetachStatus, to: DetachStatus): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: from }, { $set: { status: to } });
  }

  /**
   * The undo `undoId` claims the detach: only if no undo claimed it, or the claimant `previous` (refused) gives it
   * up. Answers whether it did.
   */
  async claimUndo(
    tenantId: TenantId,
    id: Types.ObjectId,
    undoId: Types.ObjectId,
    previous: Types.ObjectId | undefined,
  ): Promise<boolean> {
    const unclaimed = previous ? { undoneBy: previous } : { undoneBy: { $exists: false } };
    return this.updateOne({ tenantId, _id: id, status: 'done', ...unclaimed }, { $set: { undoneBy: undoId } });
  }

  async completeStep(tenantId: TenantId, id: Types.ObjectId, step: DetachStep): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $addToSet: { completedSteps: step } });
  }

  /** The last step and the end of the detach, in one write. */
  async finish(tenantId: TenantId, id: Types.ObjectId, lastStep: DetachStep): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $addToSet: { completedSteps: lastStep }, $set: { status: 'done', finishedAt: new Date() } },
    );
  }
}
