import type { INestApplicationContext } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { customerMatchKeys, nameSearchFields } from '@app/domain';
import { Customer, CustomerRepository, type ContactDatum, type UniqueIdentifier } from '@app/persistence';

export interface CustomerSeed {
  name?: string;
  contactData?: ContactDatum[];
  uniqueIdentifiers?: UniqueIdentifier[];
  createdAt?: Date;
  /** `contact` unless said. */
  kind?: 'member' | 'contact';
}

/** A customer stored directly, as an import would (no identity, no suggestion check queued); answers its id. */
export async function seedCustomer(app: INestApplicationContext, tenantId: string, seed: CustomerSeed = {}) {
  const id = new Types.ObjectId();
  const customers = app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, new Date('2026-01-01T10:00:00Z'), { name: seed.name });
  await customers.updateOne(
    { tenantId, _id: id },
    {
      $set: {
        contactData: seed.contactData ?? [],
        uniqueIdentifiers: seed.uniqueIdentifiers ?? [],
        // As every write of these fields does (docs/matching.md): checks find customers by them.
        matchKeys: customerMatchKeys({
          contactData: seed.contactData ?? [],
          uniqueIdentifiers: seed.uniqueIdentifiers ?? [],
        }),
        ...(seed.kind ? { kind: seed.kind } : {}),
      },
    },
  );
  if (seed.createdAt) {
    // Past mongoose, which keeps `createdAt` immutable.
    const model = app.get<Model<Customer>>(getModelToken(Customer.name));
    await model.collection.updateOne({ _id: id }, { $set: { createdAt: seed.createdAt } });
  }
  return id.toHexString();
}

/**
 * After a test wrote a customer's contact data, identifiers or name behind the product's back (raw updates), stores
 * the fields the product derives from them on every write of its own: checks find customers by their match keys.
 */
export async function storeDerivedFields(
  customers: { findOne(filter: object): Promise<unknown>; updateOne(filter: object, update: object): Promise<unknown> },
  customerIds: string[],
): Promise<void> {
  for (const id of customerIds) {
    const filter = { _id: new Types.ObjectId(id) };
    const stored = (await customers.findOne(filter)) as Parameters<typeof customerMatchKeys>[0] & { name?: string };
    const name = stored?.name;
    await customers.updateOne(filter, {
      $set: { matchKeys: customerMatchKeys(stored), ...(name ? nameSearchFields(name) : {}) },
      ...(name ? {} : { $unset: { nameTokens: 1, namePrefixes: 1 } }),
    });
  }
}
