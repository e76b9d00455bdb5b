import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { JournalRepository } from '../journal.repository.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Merge, MergeLock, type LockingJournal, type MergeStatus, type MergeStep } from './merge.schema.js';

export type NewMerge = Pick<
  Merge,
  'survivorId' | 'victimIds' | 'actorId' | 'actorRole' | 'actorKind' | 'trigger' | 'suggestionId' | 'picks'
> &
  TenantScope & { _id: Types.ObjectId };

@Injectable()
export class MergeRepository extends JournalRepository<Merge> {
  constructor(@InjectModel(Merge.name) model: Model<Merge>) {
    super(model);
  }

  async create(merge: NewMerge): Promise<Stored<Merge>> {
    return (await this.model.create({ ...merge, status: 'pending', completedSteps: [] })).toObject();
  }

  /** The done merges this customer survived (undone ones included), newest first, up to `limit`. */
  findDoneIntoSurvivor(tenantId: TenantId, survivorId: Types.ObjectId, limit: number): Promise<Stored<Merge>[]> {
    return this.find({ tenantId, survivorId, status: 'done' }, { sort: { createdAt: -1 }, limit });
  }

  /** The planned intent is journaled, and the merge may run: one write. */
  async startRunning(
    tenantId: TenantId,
    id: Types.ObjectId,
    intent: Pick<Merge, 'result' | 'before' | 'moved'>,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id, status: 'pending' }, { $set: { ...intent, status: 'running' } });
  }

  async setStatus(tenantId: TenantId, id: Types.ObjectId, from: MergeStatus, to: MergeStatus): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: from }, { $set: { status: to } });
  }

  /** The step done, with what the step found worth keeping (`set`), in one write. */
  async completeStep(
    tenantId: TenantId,
    id: Types.ObjectId,
    step: MergeStep,
    set?: Pick<Merge, 'supersededSuggestionIds' | 'assets'>,
  ): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $addToSet: { completedSteps: step }, ...(set ? { $set: set } : {}) });
  }

  /** The last step and the end of the merge, in one write. */
  async finish(tenantId: TenantId, id: Types.ObjectId, lastStep: MergeStep): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $addToSet: { completedSteps: lastStep }, $set: { status: 'done', finishedAt: new Date() } },
    );
  }

  /**
   * The undo claims the done merge, unless another undo holds it (`previous`: the claim of a refused or abandoned
   * undo, taken over): of two undos at once, one claims it. Answers whether this one did.
   */
  async claimUndo(
    tenantId: TenantId,
    id: Types.ObjectId,
    undoId: Types.ObjectId,
    previous: Types.ObjectId | undefined,
  ): Promise<boolean> {
    const unclaimed = previous ? { undoId: previous } : { undoId: { $exists: false } };
    return this.updateOne({ tenantId, _id: id, status: 'done', ...unclaimed }, { $set: { undoId } });
  }

  /** A refused undo gives its claim back. */
  async releaseUndo(tenantId: TenantId, id: Types.ObjectId, undoId: Types.ObjectId): Promise<void> {
    await this.updateOne({ tenantId, _id: id, undoId }, { $unset: { undoId: 1 } });
  }

  async markUndone(tenantId: TenantId, id: Types.ObjectId, undoId: Types.ObjectId): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, undoId, undoneAt: { $exists: false } },
      { $set: { undoneAt: new Date() } },
    );
  }
}

@Injectable()
export class MergeLockRepository extends TenantScopedRepository<MergeLock> {
  constructor(@InjectModel(MergeLock.name) model: Model<MergeLock>) {
    super(model);
  }

  /**
   * Takes every customer's lock for the merge (or detach), or none: `false` when another one holds one of them. Locks
   * are taken one by one in id order, so of two merges over the same customers (A→B and B→A) the one that gets the
   * first lock gets them all, and neither waits for the other.
   */
  async acquire(
    tenantId: TenantId,
    mergeId: Types.ObjectId,
    customerIds: Types.ObjectId[],
    journal: LockingJournal = 'merge',
  ): Promise<boolean> {
    const ordered = [...customerIds].sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
    // One ordered insert: it stops at the first lock another holds, as taking them one by one would.
    try {
      await this.model.insertMany(
        ordered.map((customerId) => ({ tenantId, customerId, mergeId, journal })),
        { ordered: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.release(tenantId, mergeId);
      return false;
    }
    return true;
  }

  /** The locks held on these customers by other merges and detaches. */
  findHeld(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Stored<MergeLock>[]> {
    return this.find({ tenantId, customerId: { $in: customerIds } });
  }

  /** A lock left by a merge that never started or already finished (a crash between two writes). */
  async releaseStale(tenantId: TenantId, lock: Stored<MergeLock>): Promise<void> {
    await this.model.deleteOne(this.scoped({ tenantId, _id: lock._id, mergeId: lock.mergeId })).exec();
  }

  async release(tenantId: TenantId, mergeId: Types.ObjectId): Promise<void> {
    await this.model.deleteMany(this.scoped({ tenantId, mergeId })).exec();
  }
}
