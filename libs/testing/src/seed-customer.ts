import type { INestApplicationContext } from '@nestjs/common';
import { Types } from 'mongoose';
import { CustomerRepository, type ContactDatum, type UniqueIdentifier } from '@app/persistence';

export interface CustomerSeed {
  name?: string;
  contactData?: ContactDatum[];
  uniqueIdentifiers?: UniqueIdentifier[];
}

/** A customer stored directly, as an import would (no identity, no suggestion check queued); answers its id. */
export async function seedCustomer(app: INestApplicationContext, tenantId: string, seed: CustomerSeed = {}) {
  const id = new Types.ObjectId();
  const customers = app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, new Date('2026-01-01T10:00:00Z'), { name: seed.name });
  await customers.updateOne(
    { tenantId, _id: id },
    { $set: { contactData: seed.contactData ?? [], uniqueIdentifiers: seed.uniqueIdentifiers ?? [] } },
  );
  return id.toHexString();
}
