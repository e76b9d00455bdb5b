import { notFound } from '@app/http';
import type { Customer, CustomerRepository, Stored, TenantId } from '@app/persistence';
import { CustomerMergedException } from './customer-merged.exception.js';

/** Merges chain (A into B, later B into C); a longer chain than this is a broken journal, not a customer. */
const MAX_MERGE_HOPS = 16;

/**
 * The customer of the id, which must be active: a tombstone answers `308` to the same `subPath` of its final survivor
 * (followed through merges of merges), an id unknown in this tenant `404`.
 */
export async function resolveActiveCustomer(
  customers: CustomerRepository,
  tenantId: TenantId,
  id: string,
  subPath = '',
): Promise<Stored<Customer>> {
  const customer = await customers.findById(tenantId, id);
  if (!customer) throw notFound('customer');
  if (!customer.mergedInto) return customer;
  let survivor: Stored<Customer> | null = customer;
  for (let hops = 0; survivor?.mergedInto; hops++) {
    if (hops === MAX_MERGE_HOPS) throw new Error(`customer ${id}: merge chain longer than ${MAX_MERGE_HOPS}`);
    survivor = await customers.findOne({ tenantId, _id: survivor.mergedInto });
  }
  if (!survivor) throw notFound('customer');
  throw new CustomerMergedException(customer._id.toHexString(), survivor._id.toHexString(), subPath);
}
