import { Types } from 'mongoose';
import type { CustomerRepository } from '@app/persistence';

/** Customers created this many at once: the repository coalesces one event-loop turn's inserts into one write. */
const BATCH = 200;

/**
 * `count` new pairs of customers of the tenant, created through the repository as the worker creates them: each
 * victim holds a phone of its own (contact data the merge moves to the survivor). Answers the pairs, in order.
 */
export async function seedBulkPairs(
  customers: CustomerRepository,
  tenantId: string,
  count: number,
  label: string,
): Promise<{ survivorId: string; victimId: string; phone: string }[]> {
  const pairs = Array.from({ length: count }, (_, n) => ({
    survivorId: new Types.ObjectId(),
    victimId: new Types.ObjectId(),
    phone: `+1555${String(n).padStart(7, '0')}`,
  }));
  const at = new Date('2026-03-01T10:00:00Z');
  for (let start = 0; start < pairs.length; start += BATCH) {
    const batch = pairs.slice(start, start + BATCH);
    await Promise.all(
      batch.flatMap(({ survivorId, victimId }, n) => [
        customers.recordActivity(tenantId, survivorId, at, { name: `${label} kept ${start + n}` }),
        customers.recordActivity(tenantId, victimId, at, { name: `${label} duplicate ${start + n}` }),
      ]),
    );
    await Promise.all(
      batch.map(({ victimId, phone }) =>
        customers.updateOne(
          { tenantId, _id: victimId },
          { $set: { contactData: [{ type: 'phone', value: phone, grantsAccess: false }], matchKeys: [`v:${phone}`] } },
        ),
      ),
    );
  }
  return pairs.map(({ survivorId, victimId, phone }) => ({
    survivorId: survivorId.toHexString(),
    victimId: victimId.toHexString(),
    phone,
  }));
}
