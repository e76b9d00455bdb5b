import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  type CustomerFacts,
  mergeBlocksForMany,
  type MergeBlock,
  InvalidMergePickError,
  mergeCustomerFields,
  type MergeConflict,
  type MergedFields,
  type MergePicks,
  mergeWarnings,
  type MergeWarning,
} from '@app/domain';
import { ConversationRepository, CustomerOwnershipRepository, MOVED_COLLECTIONS } from '@app/persistence';
import { CustomerFactsService } from '../customer-facts.service.js';
import { mergeCustomerIds } from './merge-customer-ids.js';
import { MergeRefusedError } from './merge-errors.js';

export interface MergePlan {
  survivor: CustomerFacts;
  victims: CustomerFacts[];
  /** Counts of what moves to the survivor, per kind. */
  moves: Record<string, number>;
  result: MergedFields;
  conflicts: MergeConflict[];
  blocks: { victimId: string; blocks: MergeBlock[] }[];
  warnings: MergeWarning[];
}

/** What a merge would do (DOMAIN §3 preview): the same plan the merge then executes. */
@Injectable()
export class MergePlannerService {
  constructor(
    private readonly facts: CustomerFactsService,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  async plan(tenantId: string, survivorId: string, victimIds: string[], picks: MergePicks = {}): Promise<MergePlan> {
    const ids = [survivorId, ...victimIds];
    const [settings, loaded] = await Promise.all([
      this.facts.settings(tenantId),
      this.facts.load(tenantId, mergeCustomerIds(survivorId, victimIds)),
    ]);
    const customers = ids.map((id) => {
      const customer = loaded.get(id);
      if (!customer) throw new MergeRefusedError('customer_not_found', `no customer ${id}`, { customerId: id });
      if (customer.mergedInto) {
        throw new MergeRefusedError('customer_merged', `customer ${id} was merged into ${customer.mergedInto}`, {
          customerId: id,
          survivorId: customer.mergedInto,
        });
      }
      return customer;
    });
    const [survivor, ...victims] = customers;
    const fields = this.mergeFields(survivor, victims, picks);
    return {
      survivor,
      victims,
      moves: await this.countMoves(tenantId, victims),
      result: fields.result,
      conflicts: fields.conflicts,
      blocks: mergeBlocksForMany(survivor, victims, settings),
      warnings: mergeWarnings(survivor, victims, new Date()),
    };
  }

  private mergeFields(survivor: CustomerFacts, victims: CustomerFacts[], picks: MergePicks) {
    try {
      return mergeCustomerFields(survivor, victims, picks);
    } catch (error) {
      if (error instanceof InvalidMergePickError) {
        throw new MergeRefusedError('invalid_pick', error.message, {
          field: error.field,
          customerId: error.customerId,
        });
      }
      throw error;
    }
  }

  /**
   * One count per collection whatever the history; messages are counted by their conversations, identities from the
   * facts already loaded (every identity of each victim).
   */
  private async countMoves(tenantId: string, victims: CustomerFacts[]): Promise<Record<string, number>> {
    const victimIds = victims.map((victim) => new Types.ObjectId(victim.id));
    const counts = await Promise.all(
      MOVED_COLLECTIONS.filter((collection) => collection !== 'conversations' && collection !== 'identities').map(
        async (collection) => [collection, await this.ownership.count(collection, tenantId, victimIds)] as const,
      ),
    );
    const totals = await this.conversations.totalsOfCustomers(tenantId, victimIds);
    return {
      ...Object.fromEntries(counts),
      identities: victims.reduce((sum, victim) => sum + victim.identities.length, 0),
      conversations: totals.conversations,
      messages: totals.messages,
      contactData: victims.reduce((sum, victim) => sum + victim.contactData.length, 0),
      uniqueIdentifiers: victims.reduce((sum, victim) => sum + victim.uniqueIdentifiers.length, 0),
    };
  }
}
