import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS, type CustomerFacts, type IdentitySettings } from '@app/domain';
import {
  CustomerRepository,
  IdentityRepository,
  TenantRepository,
  type Customer,
  type Identity,
  type Stored,
} from '@app/persistence';

export function toCustomerFacts(customer: Stored<Customer>, identities: Stored<Identity>[]): CustomerFacts {
  return {
    id: customer._id.toHexString(),
    name: customer.name,
    kind: customer.kind,
    identities: identities.map((identity) => ({
      id: identity._id.toHexString(),
      kind: identity.kind,
      identifierType: identity.identifierType,
      address: identity.address,
      anonymous: identity.anonymous,
      ...(identity.unverified ? { unverified: true } : {}),
    })),
    contactData: customer.contactData.map(({ type, value, grantsAccess }) => ({ type, value, grantsAccess })),
    uniqueIdentifiers: customer.uniqueIdentifiers.map(({ type, value }) => ({ type, value })),
    createdAt: customer.createdAt,
    lastActiveAt: customer.lastActiveAt,
    mergedInto: customer.mergedInto?.toHexString(),
  };
}

/** Loads customers as the identity rules see them: two queries for any number of customers. */
@Injectable()
export class CustomerFactsService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly tenants: TenantRepository,
  ) {}

  /** `known`: customers the caller already read, which are not read again (their identities are). */
  async load(
    tenantId: string,
    ids: Types.ObjectId[],
    known: Stored<Customer>[] = [],
  ): Promise<Map<string, CustomerFacts>> {
    if (ids.length === 0) return new Map();
    const knownIds = new Set(known.map((customer) => customer._id.toHexString()));
    const missing = ids.filter((id) => !knownIds.has(id.toHexString()));
    const [loaded, identities] = await Promise.all([
      missing.length ? this.customers.findByIds(tenantId, missing) : [],
      this.identities.findByCustomers(tenantId, ids),
    ]);
    const wanted = new Set(ids.map((id) => id.toHexString()));
    const customers = [...known.filter((customer) => wanted.has(customer._id.toHexString())), ...loaded];
    return new Map(
      customers.map((customer) => [
        customer._id.toHexString(),
        toCustomerFacts(
          customer,
          identities.filter((identity) => identity.customerId.equals(customer._id)),
        ),
      ]),
    );
  }

  async settings(tenantId: string): Promise<IdentitySettings> {
    const stored = await this.tenants.identitySettings(tenantId);
    return { ...DEFAULT_IDENTITY_SETTINGS, ...stored };
  }

  /** The settings and the version they were saved as, read together. */
  async versionedSettings(tenantId: string): Promise<{ settings: IdentitySettings; version: number }> {
    const stored = await this.tenants.versionedIdentitySettings(tenantId);
    return { settings: { ...DEFAULT_IDENTITY_SETTINGS, ...stored?.settings }, version: stored?.version ?? 0 };
  }
}
