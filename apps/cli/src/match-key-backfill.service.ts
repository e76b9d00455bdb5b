import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { CustomerRepository, IdentityRepository, TenantRepository } from '@app/persistence';

/** Documents read per page: one query and at most one bulk write each. */
const PAGE = 1_000;

/**
 * Derives the match keys (docs/matching.md) of every customer and identity of every tenant that lacks them or holds
 * stale ones: the migration of data stored before keys existed. Idempotent: a second run changes nothing.
 */
@Injectable()
export class MatchKeyBackfillService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
  ) {}

  async run(): Promise<{ tenants: number; customersUpdated: number; identitiesUpdated: number }> {
    const tenantIds = await this.tenants.allIds();
    let customersUpdated = 0;
    let identitiesUpdated = 0;
    for (const tenantId of tenantIds) {
      customersUpdated += await this.walk((after) => this.customers.backfillMatchKeys(tenantId, after, PAGE));
      identitiesUpdated += await this.walk((after) => this.identities.backfillMatchKeys(tenantId, after, PAGE));
    }
    return { tenants: tenantIds.length, customersUpdated, identitiesUpdated };
  }

  private async walk(
    page: (after: Types.ObjectId | undefined) => Promise<{ lastId?: Types.ObjectId; updated: number }>,
  ): Promise<number> {
    let updated = 0;
    let after: Types.ObjectId | undefined;
    do {
      const done = await page(after);
      updated += done.updated;
      after = done.lastId;
    } while (after);
    return updated;
  }
}
