import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { CustomerRepository, TenantRepository } from '@app/persistence';
import { CustomerFactsService } from '../customer-facts.service.js';
import { SuggestionFinderService } from './suggestion-finder.service.js';

const BATCH = 200;

export interface BackfillProgress {
  checked: number;
  total: number;
  created: number;
  updated: number;
}

export interface BackfillOutcome extends BackfillProgress {
  /** A newer settings version's backfill checks every customer instead. */
  superseded: boolean;
}

/** Checks every active customer of a tenant, in batches, reporting progress (imports, settings changes). */
@Injectable()
export class SuggestionBackfillService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly tenants: TenantRepository,
    private readonly facts: CustomerFactsService,
    private readonly finder: SuggestionFinderService,
  ) {}

  /**
   * Checks every customer with the settings of `settingsVersion` (the current ones when absent). A settings change
   * saved meanwhile has a backfill of its own: this one stops at the next customer, so it never runs over the newer
   * one with older rules, and checks again with the newer settings the customer it had just checked (that
   * customer's pairs may have been written after the newer backfill passed it).
   */
  async run(
    tenantId: string,
    settingsVersion: number | undefined,
    report: (progress: BackfillProgress) => Promise<void>,
  ): Promise<BackfillOutcome> {
    const { settings, version } = await this.facts.versionedSettings(tenantId);
    const progress: BackfillProgress = {
      checked: 0,
      total: await this.customers.count({ tenantId, mergedInto: null }),
      created: 0,
      updated: 0,
    };
    if (settingsVersion !== undefined && version !== settingsVersion) return { ...progress, superseded: true };
    let after: Types.ObjectId | undefined;
    for (;;) {
      const batch = await this.customers.find(
        { tenantId, mergedInto: null, ...(after ? { _id: { $gt: after } } : {}) },
        { sort: { _id: 1 }, limit: BATCH },
      );
      if (batch.length === 0) break;
      for (const customer of batch) {
        const outcome = await this.finder.check(tenantId, customer._id.toHexString(), { settings, customer });
        progress.created += outcome.created;
        progress.updated += outcome.updated;
        progress.checked += 1;
        if ((await this.tenants.identitySettingsVersion(tenantId)) !== version) {
          await this.finder.check(tenantId, customer._id.toHexString());
          await report({ ...progress });
          return { ...progress, superseded: true };
        }
      }
      after = batch[batch.length - 1]._id;
      await report({ ...progress });
    }
    return { ...progress, superseded: false };
  }
}
