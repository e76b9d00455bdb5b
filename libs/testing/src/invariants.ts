import type { Connection, Types } from 'mongoose';
import { CUSTOMER_OWNED, type LockingJournal } from '@app/persistence';

export interface InvariantViolation {
  rule:
    | 'owned_by_tombstone'
    | 'owned_by_missing_customer'
    | 'message_without_conversation'
    | 'tombstone_cycle'
    | 'lock_of_finished_journal';
  collection: string;
  id: string;
  detail: string;
}

const MAX_CHAIN = 64;

/** Where the journal holding a customer lock is, by the lock's `journal`. */
const JOURNAL_COLLECTIONS: Record<LockingJournal, string> = {
  merge: 'merges',
  detach: 'detaches',
  undo: 'merge_undos',
  move: 'moves',
};

/**
 * The identity data of a tenant is consistent (DOMAIN §3 "nothing is ever orphaned"): every customer-owned record
 * belongs to an active customer, every message to a conversation, and tombstones lead to an active survivor without
 * cycles, and no customer stays locked by a journal that is over (or gone), which would refuse its every merge, detach
 * and move for good. Tests call it after merges and after crashes; it reads whole collections, so it is not for production
 * paths.
 */
export async function findInvariantViolations(
  connection: Connection,
  tenantId: Types.ObjectId,
): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];
  const customers = await connection
    .collection('customers')
    .find({ tenantId }, { projection: { mergedInto: 1 } })
    .toArray();
  const mergedInto = new Map(
    customers.map((c) => [c._id.toHexString(), c.mergedInto?.toHexString() as string | undefined]),
  );

  for (const { collection, field, treatment } of CUSTOMER_OWNED) {
    if (treatment !== 'move') continue;
    const owned = await connection
      .collection(collection)
      .find({ tenantId }, { projection: { [field]: 1 } })
      .toArray();
    for (const document of owned) {
      const owner = (document[field] as Types.ObjectId | undefined)?.toHexString();
      const id = document._id.toHexString();
      if (!owner || !mergedInto.has(owner)) {
        violations.push({ rule: 'owned_by_missing_customer', collection, id, detail: `${field} ${owner}` });
      } else if (mergedInto.get(owner)) {
        violations.push({ rule: 'owned_by_tombstone', collection, id, detail: `${field} ${owner}` });
      }
    }
  }

  const conversationIds = new Set(
    (
      await connection
        .collection('conversations')
        .find({ tenantId }, { projection: { _id: 1 } })
        .toArray()
    ).map((c) => c._id.toHexString()),
  );
  const messages = await connection
    .collection('messages')
    .find({ tenantId }, { projection: { conversationId: 1 } })
    .toArray();
  for (const message of messages) {
    if (!conversationIds.has(message.conversationId?.toHexString())) {
      violations.push({
        rule: 'message_without_conversation',
        collection: 'messages',
        id: message._id.toHexString(),
        detail: `conversation ${message.conversationId}`,
      });
    }
  }

  for (const [id, target] of mergedInto) {
    if (!target) continue;
    const seen = new Set([id]);
    let current: string | undefined = target;
    let steps = 0;
    while (current && mergedInto.get(current) && steps < MAX_CHAIN) {
      if (seen.has(current)) break;
      seen.add(current);
      current = mergedInto.get(current);
      steps += 1;
    }
    if (!current || seen.has(current) || !mergedInto.has(current) || steps >= MAX_CHAIN) {
      violations.push({ rule: 'tombstone_cycle', collection: 'customers', id, detail: `chain ends at ${current}` });
    }
  }
  violations.push(...(await locksOfFinishedJournals(connection, tenantId)));
  return violations;
}

async function locksOfFinishedJournals(connection: Connection, tenantId: Types.ObjectId) {
  const violations: InvariantViolation[] = [];
  const locks = await connection.collection('merge_locks').find({ tenantId }).toArray();
  for (const lock of locks) {
    const collection = JOURNAL_COLLECTIONS[(lock.journal ?? 'merge') as LockingJournal];
    const journal = await connection
      .collection(collection)
      .findOne({ _id: lock.mergeId as Types.ObjectId }, { projection: { status: 1 } });
    if (journal?.status === 'pending' || journal?.status === 'running') continue;
    violations.push({
      rule: 'lock_of_finished_journal',
      collection: 'merge_locks',
      id: lock._id.toHexString(),
      detail: `customer ${lock.customerId} held by ${collection} ${lock.mergeId} (${journal?.status ?? 'missing'})`,
    });
  }
  return violations;
}
