import type { Types } from 'mongoose';
import { afterKey, type PageKey } from './pagination.js';
import {
  TenantScopedRepository,
  type Stored,
  type TenantId,
  type TenantOwned,
  type TenantQuery,
} from './tenant-scoped.repository.js';
import type { MergeStatus } from './merges/merge.schema.js';

/** What every journal of an operation that locks customers (merge, detach, undo, …) holds. */
export interface OperationJournal extends TenantOwned {
  status: MergeStatus;
  completedSteps: string[];
  actorId: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The queries every journal collection shares: the worker's resumer finds what has not moved for a while, the
 * executor beats the heartbeat (its `updatedAt`, which each recorded step moves too), supervisors list what is in
 * flight. A new journal kind extends this and is one entry in the resumer's table.
 */
export abstract class JournalRepository<T extends OperationJournal> extends TenantScopedRepository<T> {
  /** Journals a dead worker left unfinished, in every tenant: the worker resumes them at start. */
  findUnfinishedOfAllTenants(limit: number): Promise<Stored<T>[]> {
    return this.model.find({ status: 'running' }).limit(limit).lean<Stored<T>[]>().exec();
  }

  /** Running or pending journals of every tenant that have not moved since `before`, the longest still first. */
  findNotMovedSinceOfAllTenants(before: Date, limit: number): Promise<Stored<T>[]> {
    return this.model
      .find({ status: { $in: ['running', 'pending'] }, updatedAt: { $lt: before } })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<Stored<T>[]>()
      .exec();
  }

  /** The executor is alive and working on it: "not moved for a while" then means its worker died. */
  async heartbeat(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne({ tenantId, _id: id, status: 'running' }, { $set: { updatedAt: new Date() } });
  }

  /**
   * A pending journal whose starter died (it has no intent to run) is refused, unless it moved since `before`:
   * answers whether this call refused it.
   */
  abandon(tenantId: TenantId, id: Types.ObjectId, before: Date): Promise<boolean> {
    return this.updateOne(
      { tenantId, _id: id, status: 'pending', updatedAt: { $lt: before } },
      {
        $set: { status: 'refused' },
      },
    );
  }

  /** The tenant's journals in these states, newest first, after `after` (up to `limit`). */
  findByStatus(
    tenantId: TenantId,
    statuses: MergeStatus[],
    after: PageKey | undefined,
    limit: number,
  ): Promise<Stored<T>[]> {
    const inStatus = { status: { $in: statuses } };
    const filter = after ? { $and: [inStatus, afterKey(after, -1, 'createdAt')] } : inStatus;
    return this.model
      .find(this.scoped({ tenantId, ...filter } as TenantQuery<T>))
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<Stored<T>[]>()
      .exec();
  }
}
