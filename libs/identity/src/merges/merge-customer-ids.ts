import type { Types } from 'mongoose';
import { parseObjectId } from '@app/persistence';
import { MergeRefusedError } from './merge-errors.js';

/**
 * The customers of a merge, survivor first. Repeated ids and a merge without victims are refused; a malformed id
 * names no customer, like one that does not exist.
 */
export function mergeCustomerIds(survivorId: string, victimIds: string[]): Types.ObjectId[] {
  const ids = [survivorId, ...victimIds];
  if (new Set(ids).size !== ids.length || victimIds.length === 0) {
    throw new MergeRefusedError('invalid_merge', 'a merge needs a survivor and other, distinct customers');
  }
  return ids.map((id) => {
    const objectId = parseObjectId(id);
    if (!objectId) throw new MergeRefusedError('customer_not_found', `no customer ${id}`, { customerId: id });
    return objectId;
  });
}
