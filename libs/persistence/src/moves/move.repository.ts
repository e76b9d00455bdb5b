import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { JournalRepository } from '../journal.repository.js';
import { type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Move, type MoveStatus, type MoveStep } from './move.schema.js';

export type NewMove = Pick<
  Move,
  'conversationId' | 'identityId' | 'fromCustomerId' | 'toCustomerId' | 'actorId' | 'reason' | 'undoes'
> &
  TenantScope & { _id: Types.ObjectId };

@Injectable()
export class MoveRepository extends JournalRepository<Move> {
  constructor(@InjectModel(Move.name) model: Model<Move>) {
    super(model);
  }

  async create(move: NewMove): Promise<Stored<Move>> {
    return (await this.model.create({ ...move, status: 'pending', completedSteps: [], moved: {} })).toObject();
  }

  /** The move is planned (its counts journaled) and may run: one write. */
  async startRunning(tenantId: TenantId, id: Types.ObjectId, moved: Record<string, number>): Promise<void> {
    await this.updateOne({ tenantId, _id: id, status: 'pending' }, { $set: { moved, status: 'running' } });
  }

  async setStatus(tenantId: TenantId, id: Types.ObjectId, from: MoveStatus, to: MoveStatus): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: from }, { $set: { status: to } });
  }

  /**
   * The undo `undoId` claims the move: only if no undo claimed it, or the claimant `previous` (refused or abandoned)
   * gives it up. Answers whether it did.
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

  async completeStep(tenantId: TenantId, id: Types.ObjectId, step: MoveStep): Promise<void> {
    await this.updateOne({ tenantId, _id: id }, { $addToSet: { completedSteps: step } });
  }

  /** The last step and the end of the move, in one write. */
  async finish(tenantId: TenantId, id: Types.ObjectId, lastStep: MoveStep): Promise<void> {
    await this.updateOne(
      { tenantId, _id: id, status: 'running' },
      { $addToSet: { completedSteps: lastStep }, $set: { status: 'done', finishedAt: new Date() } },
    );
  }
}
