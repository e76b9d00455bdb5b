import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { Loyalty } from '@app/domain';
import { JournalRepository } from '../journal.repository.js';
import { type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { MergeUndo, type MergeUndoIntent, type MergeUndoStatus, type MergeUndoStep } from './merge-undo.schema.js';

export type NewMergeUndo = Pick<MergeUndo, 'mergeId' | 'survivorId' | 'victimIds' | 'actorId'> &
  TenantScope & { _id: Types.ObjectId };

@Injectable()
export class MergeUndoRepository extends JournalRepository<MergeUndo> {
  constructor(@InjectModel(MergeUndo.name) model: Model<MergeUndo>) {
    super(model);
  }

  async create(undo: NewMergeUndo): Promise<Stored<MergeUndo>> {
    return (await this.model.create({ ...undo, status: 'pending', completedSteps: [] })).toObject();
  }

  /** The planned intent is journaled, and the undo may run: one write. */
  async startRunning(
    tenantId: TenantId,
    id: Types.ObjectId,
    intent: MergeUndoIntent,
    moved: Record<string, number>,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id, status: 'pending' }, { $set: { intent, moved, status: 'running' } });
  }

  async setStatus(
    tenantId: TenantId,
    id: Types.ObjectId,
    from: MergeUndoStatus,
    to: MergeUndoStatus,
  ): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: from }, { $set: { status: to } });
  }

  /**
   * Journals the survivor's standing after the undo, unless a run before this one did: answers the journaled one, so
   * every run writes the same.
   */
  async journalLoyaltyAfter(
    tenantId: TenantId,
    id: Types.ObjectId,
    loyaltyAfter: Loyalty | null,
  ): Promise<Loyalty | null> {
    const journaled = await this.model
      .findOneAndUpdate(
        this.scoped({ tenantId, _id: id, loyaltyAfter: { $exists: false } }),
        { $set: { loyaltyAfter } },
        { returnDocument: 'after' },
      )
      .lean<Stored<MergeUndo>>()
      .exec();
    if (journaled) return journaled.loyaltyAfter ?? null;
    return (await this.findOne({ tenantId, _id: id }))?.loyaltyAfter ?? null;
  }

  /** The step done, with what the step decided that the journal keeps (`set`), in one write. */
  async completeStep(
    tenantId: TenantId,
    id: Types.ObjectId,
    step: MergeUndoStep,
    set?: Pick<MergeUndo, 'loyaltyAfter'>,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $addToSet: { completedSteps: step }, ...(set ? { $set: set } : {}) });
  }

  /** The last step and the end of the undo, in one write. */
  async finish(tenantId: TenantId, id: Types.ObjectId, lastStep: MergeUndoStep): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $addToSet: { completedSteps: lastStep }, $set: { status: 'done', finishedAt: new Date() } },
    );
  }
}
