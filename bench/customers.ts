import { Types, type Connection } from 'mongoose';
import { customerMatchKeys, identityMatchKeys } from '@app/domain';

export interface CustomerSeed {
  name: string;
  lastActiveAt: Date;
  contactData?: { type: 'phone'; value: string }[];
  /** Its one identity: an address that is already normalized. */
  identity: { kind: 'email' | 'whatsapp'; address: string; channelId: Types.ObjectId };
}

/**
 * Customers, each with its identity and the owner record of that identifier, inserted through their models: the
 * schemas fill in their defaults and timestamps. Answers the ids, in the order of the seeds.
 */
export async function insertCustomers(
  connection: Connection,
  tenantId: string,
  seeds: CustomerSeed[],
): Promise<{ customerId: Types.ObjectId; identityId: Types.ObjectId }[]> {
  const tenant = new Types.ObjectId(tenantId);
  const ids = seeds.map(() => ({ customerId: new Types.ObjectId(), identityId: new Types.ObjectId() }));
  const identifierType = (seed: CustomerSeed) => (seed.identity.kind === 'email' ? 'email' : 'phone');
  await connection.model('Customer').insertMany(
    seeds.map((seed, position) => ({
      _id: ids[position].customerId,
      tenantId: tenant,
      name: seed.name,
      lastActiveAt: seed.lastActiveAt,
      ...(seed.contactData && { contactData: seed.contactData }),
      matchKeys: customerMatchKeys({ contactData: seed.contactData ?? [], uniqueIdentifiers: [] }),
    })),
  );
  await connection.model('Identity').insertMany(
    seeds.map(({ identity }, position) => ({
      _id: ids[position].identityId,
      tenantId: tenant,
      customerId: ids[position].customerId,
      key: `${identity.kind}:${identity.address}`,
      kind: identity.kind,
      channelId: identity.channelId,
      anonymous: false,
      identifierType: identifierType(seeds[position]),
      address: identity.address,
      displayAddress: identity.address,
      matchKeys: identityMatchKeys({
        anonymous: false,
        identifierType: identifierType(seeds[position]),
        address: identity.address,
      }),
      // Its duplicate check is not pending: the bench seeds settled customers.
      checkPending: false,
    })),
  );
  await connection.model('IdentifierOwner').insertMany(
    seeds.map((seed, position) => ({
      tenantId: tenant,
      identifierType: identifierType(seed),
      value: seed.identity.address,
      customerId: ids[position].customerId,
    })),
  );
  return ids;
}
