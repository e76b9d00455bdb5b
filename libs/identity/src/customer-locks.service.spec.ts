import { Types } from 'mongoose';
import type {
  DetachRepository,
  MergeUndoRepository,
  MoveRepository,
  LockingJournal,
  MergeLock,
  MergeLockRepository,
  MergeRepository,
  MergeStatus,
  Stored,
} from '@app/persistence';
import { CustomerLocksService } from './customer-locks.service.js';

const tenantId = new Types.ObjectId().toHexString();
const customer = new Types.ObjectId();
const MINUTE = 60_000;

interface Holder {
  journal: LockingJournal;
  status?: MergeStatus;
  ageMs?: number;
}

/** Locks over fakes: one customer, held by `holder` (its journal absent when `status` is), until released. */
function locksWith(holder: Holder) {
  const holderId = new Types.ObjectId();
  let held: Stored<MergeLock>[] = [
    {
      _id: new Types.ObjectId(),
      tenantId: new Types.ObjectId(tenantId),
      customerId: customer,
      mergeId: holderId,
      journal: holder.journal,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  ];
  const journal = holder.status
    ? [{ _id: holderId, status: holder.status, createdAt: new Date(Date.now() - (holder.ageMs ?? 0)) }]
    : [];
  const locks = {
    acquire: async () => held.length === 0,
    findHeld: async () => held,
    releaseStale: async (_tenant: unknown, lock: Stored<MergeLock>) => {
      held = held.filter((kept) => kept !== lock);
    },
    release: async () => undefined,
  };
  const merges = { find: async () => (holder.journal === 'merge' ? journal : []) };
  const detaches = { find: async () => (holder.journal === 'detach' ? journal : []) };
  const undos = { find: async () => (holder.journal === 'undo' ? journal : []) };
  const moves = { find: async () => (holder.journal === 'move' ? journal : []) };
  const service = new CustomerLocksService(
    locks as unknown as MergeLockRepository,
    merges as unknown as MergeRepository,
    detaches as unknown as DetachRepository,
    undos as unknown as MergeUndoRepository,
    moves as unknown as MoveRepository,
  );
  return { service, holderId: holderId.toHexString() };
}

const acquire = (service: CustomerLocksService) =>
  service.acquire(tenantId, 'detach', new Types.ObjectId(), [customer]);

describe('CustomerLocksService', () => {
  it.each<[string, Holder]>([
    ['a running merge', { journal: 'merge', status: 'running' }],
    ['a merge taking its locks', { journal: 'merge', status: 'pending', ageMs: 1_000 }],
    ['a running detach', { journal: 'detach', status: 'running' }],
    ['a running undo', { journal: 'undo', status: 'running' }],
    ['a running move', { journal: 'move', status: 'running' }],
  ])('reports %s that holds the customer', async (_case, holder) => {
    const { service, holderId } = locksWith(holder);
    const idsOf = (journal: LockingJournal) => (holder.journal === journal ? [holderId] : []);
    expect(await acquire(service)).toEqual({
      mergeIds: idsOf('merge'),
      detachIds: idsOf('detach'),
      undoIds: idsOf('undo'),
      moveIds: idsOf('move'),
    });
  });

  it.each<[string, Holder]>([
    ['a finished merge', { journal: 'merge', status: 'done' }],
    ['a refused detach', { journal: 'detach', status: 'refused' }],
    ['a detach that crashed while locking', { journal: 'detach', status: 'pending', ageMs: 2 * MINUTE }],
    ['a finished move', { journal: 'move', status: 'done' }],
    ['a journal that is gone', { journal: 'detach' }],
  ])('releases the leftover lock of %s and takes the customer', async (_case, holder) => {
    const { service } = locksWith(holder);
    expect(await acquire(service)).toBeUndefined();
  });
});
