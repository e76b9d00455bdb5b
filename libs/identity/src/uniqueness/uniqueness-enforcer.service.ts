import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  DEFAULT_IDENTITY_SETTINGS,
  separatedPairsOf,
  uniquenessGroupPairs,
  uniquenessMerge,
  uniqueValuesOf,
  type MergeBlock,
  type UniquenessGroup,
  type UniquenessHolder,
} from '@app/domain';
import {
  AuditRepository,
  CustomerRepository,
  SuggestionRepository,
  TenantRepository,
  type Customer,
  type Stored,
} from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import { MergeRefusedError } from '../merges/merge-errors.js';
import { MergeStarterService } from '../merges/merge-starter.service.js';
import { actorKindOf, userActor } from '../user-actor.js';
import type { UniquenessActor, UniquenessOutcome } from './uniqueness-outcome.js';

export function toUniquenessHolder(customer: Stored<Customer>): UniquenessHolder {
  return {
    id: customer._id.toHexString(),
    createdAt: customer.createdAt,
    contactData: customer.contactData,
    uniqueIdentifiers: customer.uniqueIdentifiers,
  };
}

/**
 * Enforces the tenant's `enforceUniqueBy` after a customer was created or updated (DOMAIN §6): the other active
 * customers holding its value are found by the value indexes, and an ordinary merge (guarded, journaled, undoable)
 * joins the newer into the original. A refusal is audited with its blocks and told to the consoles.
 */
@Injectable()
export class UniquenessEnforcerService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly customers: CustomerRepository,
    private readonly starter: MergeStarterService,
    private readonly audit: AuditRepository,
    private readonly realtime: RealtimeEmitter,
    private readonly suggestions: SuggestionRepository,
  ) {}

  /** What enforcing the setting did to this customer; nothing when off, or no other active customer shares a value. */
  async enforce(tenantId: string, customerId: string, actor: UniquenessActor): Promise<UniquenessOutcome | undefined> {
    const settings = { ...DEFAULT_IDENTITY_SETTINGS, ...(await this.tenants.identitySettings(tenantId)) };
    if (settings.enforceUniqueBy === 'off') return undefined;
    const customer = await this.customers.findById(tenantId, customerId);
    if (!customer || customer.mergedInto) return undefined;
    const values = uniqueValuesOf(customer, settings.enforceUniqueBy);
    if (values.length === 0) return undefined;
    const holders =
      settings.enforceUniqueBy === 'referenceCode'
        ? await this.customers.findActiveHolding(
            tenantId,
            [],
            values.map((value) => ({ type: 'referenceCode', value })),
          )
        : await this.customers.findActiveHolding(tenantId, values, []);
    const group = uniquenessMerge(settings, toUniquenessHolder(customer), holders.map(toUniquenessHolder));
    if (!group) return undefined;
    const separated = await this.separatedPairs(tenantId, group);
    if (separated.length > 0) {
      const refused = separation(group, separated);
      await this.recordRefusal(tenantId, customerId, actor, refused, group.values);
      return refused;
    }
    try {
      const { merge, finished } = await this.starter.start(
        tenantId,
        actor.id,
        { survivorId: group.survivorId, victimIds: group.victimIds, trigger: 'uniqueness' },
        actor.role,
        actorKindOf(actor.role),
      );
      return {
        action: 'merged',
        mergeId: merge._id.toHexString(),
        survivorId: group.survivorId,
        victimIds: group.victimIds,
        finished,
      };
    } catch (error) {
      if (!(error instanceof MergeRefusedError)) throw error;
      const blocks = (error.details.blocks as { victimId: string; blocks: MergeBlock[] }[] | undefined) ?? [];
      const refused: UniquenessOutcome = {
        action: 'refused',
        code: error.code,
        detail: refusalDetail(group.values, error.message, blocks),
        blocks,
        survivorId: group.survivorId,
        customerIds: [group.survivorId, ...group.victimIds],
      };
      await this.recordRefusal(tenantId, customerId, actor, refused, group.values);
      return refused;
    }
  }

  /**
   * The pairs of the group a person said are not the same person (rejected suggestions, which detaches and undos
   * leave too): the setting does not overrule them.
   */
  async separatedPairs(tenantId: string, group: UniquenessGroup): Promise<string[]> {
    const suggestions = await this.suggestions.findByPairs(tenantId, uniquenessGroupPairs(group));
    const rejected = [...suggestions.values()].filter((suggestion) => suggestion.status === 'rejected');
    return separatedPairsOf(group, new Set(rejected.map((suggestion) => suggestion.pairKey)));
  }

  private async recordRefusal(
    tenantId: string,
    customerId: string,
    actor: UniquenessActor,
    refused: Extract<UniquenessOutcome, { action: 'refused' }>,
    values: string[],
  ): Promise<void> {
    await this.audit.record({
      tenantId,
      type: 'uniqueness.refused',
      // Not journaled: recorded once, after the refusal, under a key of its own.
      key: new Types.ObjectId().toHexString(),
      actor: userActor(actor.id, actor.role),
      trigger: { kind: 'uniqueness', id: customerId },
      customerIds: refused.customerIds.map((id) => new Types.ObjectId(id)),
      after: {
        code: refused.code,
        detail: refused.detail,
        blocks: refused.blocks,
        survivorId: refused.survivorId,
        values,
      },
    });
    this.realtime.emit(tenantId, 'uniqueness.refused', {
      customerId,
      customerIds: refused.customerIds,
      code: refused.code,
      blocks: refused.blocks,
    });
  }
}

/** The refusal in a sentence: the shared values, and each guard's reason (the blocks carry the remedies). */
function refusalDetail(values: string[], message: string, blocks: { blocks: MergeBlock[] }[]): string {
  const reasons = blocks.flatMap((victim) =>
    victim.blocks.map((block) =>
      block.code === 'different_unique_identifiers'
        ? `they hold different ${block.identifierType} values (${block.values.join(' and ')})`
        : 'they have different contacts that grant account access',
    ),
  );
  const why = reasons.length > 0 ? [...new Set(reasons)].join('; ') : message;
  return `The customers sharing ${values.join(', ')} were not merged: ${why}`;
}

/** A group a person separated: not merged, reported with the pairs (`a:b`) that were judged different people. */
export function separation(group: UniquenessGroup, pairs: string[]): Extract<UniquenessOutcome, { action: 'refused' }> {
  return {
    action: 'refused',
    code: 'customers_separated',
    detail:
      `The customers sharing ${group.values.join(', ')} were not merged: they were judged different people ` +
      `(a rejected suggestion, a detach or an undone merge): ${pairs.join(', ')}`,
    blocks: [],
    separatedPairs: pairs,
    survivorId: group.survivorId,
    customerIds: [group.survivorId, ...group.victimIds],
  };
}
