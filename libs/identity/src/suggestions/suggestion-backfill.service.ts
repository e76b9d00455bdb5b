import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { CustomerRepository } from '@app/persistence';
import { CustomerFactsService } from '../customer-facts.service.js';
import { SuggestionFinderService } from './suggestion-finder.service.js';

const BATCH = 200;

export interface BackfillProgress {
  checked: number;
  total: number;
  created: number;
  updated: number;
}

/** Checks every active customer of a tenant, in batches, reporting progress (imports, settings changes). */
@Injectable()
export class SuggestionBackfillService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly facts: CustomerFactsService,
    private readonly finder: SuggestionFinderService,
  ) {}

  async run(tenantId: string, report: (progress: BackfillProgress) => Promise<void>): Promise<BackfillProgress> {
    const progress: BackfillProgress = {
      checked: 0,
      total: await this.customers.count({ tenantId, mergedInto: null }),
      created: 0,
      updated: 0,
    };
    // Read once: a settings change starts another backfill, which sees the new ones.
    const settings = await this.facts.settings(tenantId);
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
      }
      after = batch[batch.length - 1]._id;
      await report({ ...progress });
    }
    return progress;
  }
}
