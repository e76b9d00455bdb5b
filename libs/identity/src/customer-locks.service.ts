import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import {
  DetachRepository,
  MergeLockRepository,
  MergeRepository,
  MergeUndoRepository,
  MoveRepository,
  type LockingJournal,
  type MergeLock,
  type MergeStatus,
  type Stored,
} from '@app/persistence';

/** The journals running on customers a caller could not lock. */
export interface LockHolders {
  mergeIds: string[];
  detachIds: string[];
  undoIds: string[];
  moveIds: string[];
}

interface Holder {
  status: MergeStatus;
  createdAt: Date;
}

/** A journal that crashed while taking its locks (they take milliseconds) must not hold its customers forever. */
const ABANDONED_AFTER_MS = 60_000;

function isStale(holder: Holder | undefined): boolean {
  if (!holder) return true;
  if (holder.status === 'done' || holder.status === 'refused') return true;
  return holder.status === 'pending' && Date.now() - holder.createdAt.getTime() > ABANDONED_AFTER_MS;
}

/**
 * The customer locks of the journals that change customers (merges, detaches, undos, moves): one lock per customer, so two of them
 * never run on the same customer. A lock whose journal is gone, finished, refused or abandoned is a leftover of a
 * crash, released when it stands in the way.
 */
@Injectable()
export class CustomerLocksService {
  constructor(
    private readonly locks: MergeLockRepository,
    private readonly merges: MergeRepository,
    private readonly detaches: DetachRepository,
    private readonly undos: MergeUndoRepository,
    private readonly moves: MoveRepository,
  ) {}

  /** Locks every customer for the journal, or none: then answers who holds them. */
  async acquire(
    tenantId: string,
    journal: LockingJournal,
    id: Types.ObjectId,
    customerIds: Types.ObjectId[],
  ): Promise<LockHolders | undefined> {
    if (await this.locks.acquire(tenantId, id, customerIds, journal)) return undefined;
    const held = await this.locks.findHeld(tenantId, customerIds);
    const stale = await this.staleOf(tenantId, held);
    for (const lock of stale) await this.locks.releaseStale(tenantId, lock);
    if (stale.length > 0 && (await this.locks.acquire(tenantId, id, customerIds, journal))) return undefined;
    const ids = (of: LockingJournal) => [
      ...new Set(held.filter((lock) => (lock.journal ?? 'merge') === of).map((lock) => lock.mergeId.toHexString())),
    ];
    return { mergeIds: ids('merge'), detachIds: ids('detach'), undoIds: ids('undo'), moveIds: ids('move') };
  }

  release(tenantId: string | Types.ObjectId, id: Types.ObjectId): Promise<void> {
    return this.locks.release(tenantId, id);
  }

  private async staleOf(tenantId: string, held: Stored<MergeLock>[]): Promise<Stored<MergeLock>[]> {
    const idsOf = (journal: LockingJournal) =>
      held.filter((lock) => (lock.journal ?? 'merge') === journal).map((lock) => lock.mergeId);
    const [merges, detaches, undos, moves] = await Promise.all([
      idsOf('merge').length ? this.merges.find({ tenantId, _id: { $in: idsOf('merge') } }) : [],
      idsOf('detach').length ? this.detaches.find({ tenantId, _id: { $in: idsOf('detach') } }) : [],
      idsOf('undo').length ? this.undos.find({ tenantId, _id: { $in: idsOf('undo') } }) : [],
      idsOf('move').length ? this.moves.find({ tenantId, _id: { $in: idsOf('move') } }) : [],
    ]);
    const holders = new Map<string, Holder>(
      [...merges, ...detaches, ...undos, ...moves].map((journal) => [journal._id.toHexString(), journal]),
    );
    return held.filter((lock) => isStale(holders.get(lock.mergeId.toHexString())));
  }
}
