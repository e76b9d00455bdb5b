import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { type CustomerFacts, type Loyalty, mergeCustomerFields, mergeLoyalties, NO_LOYALTY } from '@app/domain';
import {
  AuditRepository,
  CustomerAssetRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  MERGE_STEPS,
  MergeLockRepository,
  MergeRepository,
  SuggestionRepository,
  type AssetMovePlan,
  type Merge,
  type MergeStep,
  type MovedCollection,
  type Stored,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { toCustomerFacts } from '../customer-facts.service.js';
import { publishJournalStep } from '../journal-steps.js';
import { suggestionView } from '../suggestions/suggestion-view.js';
import { mergeActor } from '../user-actor.js';

/** An agent editing the survivor at that very moment makes a write retry; this many in a row is not an agent. */
const MAX_SURVIVOR_WRITES = 5;

/** Dates of journaled facts come back as dates from MongoDB, but as strings through JSON; both are accepted. */
function revivedFacts(facts: CustomerFacts): CustomerFacts {
  return {
    ...facts,
    createdAt: new Date(facts.createdAt),
    lastActiveAt: facts.lastActiveAt ? new Date(facts.lastActiveAt) : undefined,
  };
}

/** What a step found that the journal keeps, written with the step's completion. */
type KeptByStep = Pick<Merge, 'supersededSuggestionIds' | 'assets'>;

const MOVE_STEPS: Partial<Record<MergeStep, MovedCollection>> = {
  'move-identities': 'identities',
  'move-conversations': 'conversations',
  'move-identifier-owners': 'identifier_owners',
};

/** What deliveries may write on a victim while it is merged: identities joining it, conversations opened on it. */
const LATE_ARRIVALS: MovedCollection[] = ['identities', 'conversations'];

/**
 * Runs a merge from its journal. Every step is idempotent and recorded when done, so running the same merge again —
 * after a crash, or twice at once — completes it exactly as once. Conversations move with one `updateMany` per
 * victim, and messages hang off conversations: the commands of a merge do not grow with history.
 */
@Injectable()
export class MergeExecutorService {
  private readonly logger = new Logger(MergeExecutorService.name);

  constructor(
    private readonly merges: MergeRepository,
    private readonly locks: MergeLockRepository,
    private readonly customers: CustomerRepository,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly suggestionsQueue: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
    private readonly assets: CustomerAssetRepository,
  ) {}

  async execute(tenantId: string, mergeId: string): Promise<'done' | 'already-done' | 'missing'> {
    const merge = await this.merges.findById(tenantId, mergeId);
    if (!merge) return 'missing';
    if (merge.status === 'done') return 'already-done';
    const last = MERGE_STEPS[MERGE_STEPS.length - 1];
    for (const step of MERGE_STEPS) {
      if (merge.completedSteps.includes(step)) continue;
      const kept = await this.run(step, merge);
      if (step === last) break;
      await this.merges.completeStep(tenantId, merge._id, step, kept ?? undefined);
      // What a step journaled is what the next steps of this run go by, as a run resumed after a crash would.
      if (kept) Object.assign(merge, kept);
      publishJournalStep({ journal: 'merge', undo: false, tenantId, id: mergeId, step });
    }
    // Recorded before the journal says done: a worker that dies between the two records it again, and the record's
    // key (the merge) refuses the second.
    await this.recordMerge(merge);
    await this.merges.finish(tenantId, merge._id, last);
    this.realtime.emit(tenantId, 'customer.merged', {
      mergeId,
      survivorId: merge.survivorId.toHexString(),
      victimIds: merge.victimIds.map((id) => id.toHexString()),
    });
    await this.suggestionsQueue.checkCustomer(
      { tenantId, customerId: merge.survivorId.toHexString(), reason: 'customer.merged' },
      `merge-${mergeId}`,
    );
    this.logger.log({ mergeId, survivorId: merge.survivorId, victimIds: merge.victimIds }, 'merge done');
    return 'done';
  }

  private async recordMerge(merge: Stored<Merge>): Promise<void> {
    const { tenantId, survivorId, victimIds, _id: mergeId } = merge;
    await this.audit.record({
      tenantId,
      type: 'customer.merged',
      key: mergeId.toHexString(),
      actor: mergeActor(merge),
      trigger: merge.suggestionId
        ? { kind: 'suggestion', id: merge.suggestionId.toHexString() }
        : { kind: merge.trigger === 'uniqueness' ? 'uniqueness' : 'request' },
      customerIds: [survivorId, ...victimIds],
      before: { customers: merge.before },
      after: {
        mergeId: mergeId.toHexString(),
        survivorId: survivorId.toHexString(),
        victimIds: victimIds.map((id) => id.toHexString()),
        fields: merge.result,
        moved: merge.moved,
      },
    });
  }

  private async run(step: MergeStep, merge: Stored<Merge>): Promise<KeptByStep | void> {
    const { tenantId, survivorId, victimIds, _id: mergeId } = merge;
    const collection = MOVE_STEPS[step];
    if (collection) {
      for (const victimId of victimIds) await this.ownership.move(collection, tenantId, victimId, survivorId, mergeId);
      return;
    }
    switch (step) {
      case 'update-survivor':
        return this.updateSurvivor(merge);
      case 'tombstone-victims':
        return this.tombstoneVictims(merge);
      case 'move-assets':
        return this.moveAssets(merge);
      case 'settle-suggestions':
        return this.settleSuggestions(merge);
      case 'release-locks':
        return this.locks.release(tenantId, mergeId);
      default:
        throw new Error(`merge step ${step} has no implementation`);
    }
  }

  /**
   * Victims become tombstones, then what deliveries wrote on them since the move steps moves too: a delivery that
   * read a victim's identity before those steps may write after them. A delivery writing after this step finds the
   * tombstone itself (its activity write refuses one) and follows it; identifier owners need no second pass, as
   * deliveries only create owners of new customers.
   */
  private async tombstoneVictims(merge: Stored<Merge>): Promise<KeptByStep> {
    const { tenantId, survivorId, victimIds, _id: mergeId } = merge;
    await this.customers.tombstone(tenantId, victimIds, survivorId, mergeId);
    for (const collection of LATE_ARRIVALS) {
      for (const victimId of victimIds) await this.ownership.move(collection, tenantId, victimId, survivorId, mergeId);
    }
    return { assets: await this.planAssetMove(merge) };
  }

  /**
   * Read once the victims are tombstones (an asset write on a victim lands before that, or finds the tombstone and
   * follows it to the survivor), journaled with the tombstone step: `move-assets` and the undo go by it.
   */
  private async planAssetMove(merge: Stored<Merge>): Promise<AssetMovePlan> {
    const { tenantId, survivorId, victimIds } = merge;
    const held = await this.assets.summaryOf(tenantId, [survivorId, ...victimIds]);
    const holders = victimIds.map((id) => id.toHexString()).filter((id) => held.has(id));
    const victimLoyalty: Record<string, Loyalty> = {};
    for (const id of holders) {
      const loyalty = held.get(id)?.loyalty;
      if (loyalty) victimLoyalty[id] = loyalty;
    }
    const survivorLoyalty = held.get(survivorId.toHexString())?.loyalty;
    const brought = Object.values(victimLoyalty);
    return {
      holders,
      victimLoyalty,
      ...(survivorLoyalty ? { survivorLoyalty } : {}),
      ...(brought.length > 0 ? { loyaltyAfter: mergeLoyalties(survivorLoyalty ?? NO_LOYALTY, brought) } : {}),
    };
  }

  /**
   * Every record of the victims goes to the survivor, remembering this merge and its victim (its undo gives it back);
   * a victim's loyalty standing goes with them as it was, taken into the survivor's own as the plan says (DOMAIN §3:
   * points and tier progress summed, the higher tier). One command re-points them all and writes the survivor's
   * standing (absolute values from the journaled plan: a run again after a crash counts nothing twice).
   */
  private async moveAssets(merge: Stored<Merge>): Promise<void> {
    const { tenantId, survivorId, _id: mergeId } = merge;
    // A merge whose tombstone step ran before merges planned assets has no plan: this step plans it (not journaled).
    const plan = merge.assets ?? (await this.planAssetMove(merge));
    const moves = (plan.holders ?? []).map((victim) => ({ from: new Types.ObjectId(victim), to: survivorId }));
    const standing = plan.loyaltyAfter ? { customerId: survivorId, loyalty: plan.loyaltyAfter } : undefined;
    await this.assets.moveRecords(tenantId, moves, { mergeId }, standing);
  }

  /**
   * The survivor's fields merged with the victims as they were when the merge was planned (locked since, now
   * tombstones). Merged against the survivor as it is now, and written only if it did not change meanwhile, so an
   * agent's edit of the survivor during the merge is kept, not overwritten by the plan.
   */
  private async updateSurvivor(merge: Stored<Merge>): Promise<void> {
    const { tenantId, survivorId } = merge;
    const victims = (merge.before as unknown as CustomerFacts[]).slice(1).map(revivedFacts);
    for (let attempt = 0; attempt < MAX_SURVIVOR_WRITES; attempt += 1) {
      const survivor = await this.customers.findById(tenantId, survivorId.toHexString());
      if (!survivor) throw new Error(`merge ${merge._id.toHexString()}: its survivor is gone`);
      const { result } = mergeCustomerFields(toCustomerFacts(survivor, []), victims, merge.picks ?? {});
      const written = await this.customers.applyMergedFields(tenantId, survivorId, survivor.updatedAt, {
        ...result,
        // The survivor's way of writing a value stays; the victims' journaled facts keep only normalized values.
        contactData: result.contactData.map((contact) => ({
          ...contact,
          display: survivor.contactData.find((held) => held.type === contact.type && held.value === contact.value)
            ?.display,
        })),
      });
      if (written) return;
    }
    throw new Error(`survivor ${survivorId.toHexString()} kept changing during merge ${merge._id.toHexString()}`);
  }

  /**
   * Suggestions between the merged customers are accepted; those of a victim with anyone else are superseded (the
   * survivor is checked again afterwards, so a real match comes back as the survivor's own suggestion).
   */
  private async settleSuggestions(merge: Stored<Merge>): Promise<KeptByStep> {
    const { tenantId, survivorId, victimIds, _id: mergeId } = merge;
    const merged = new Set([survivorId, ...victimIds].map((id) => id.toHexString()));
    // Those this step superseded before (it is running again) are found too, so their ids are kept whatever happens.
    const pending = await this.suggestions.findPendingOf(tenantId, victimIds, mergeId);
    const at = new Date();
    const superseded: Types.ObjectId[] = [];
    for (const suggestion of pending) {
      if (suggestion.status === 'superseded') {
        superseded.push(suggestion._id);
        continue;
      }
      const between = suggestion.customerIds.every((id) => merged.has(id.toHexString()));
      const changed = await this.suggestions.changeIf(tenantId, suggestion._id, ['open', 'blocked'], {
        status: between ? 'accepted' : 'superseded',
        ...(between ? { mergeId } : { supersededBy: mergeId }),
        history: {
          at,
          status: between ? 'accepted' : 'superseded',
          by: merge.actorId,
          reason: between ? `merged by merge ${mergeId.toHexString()}` : 'a customer was merged elsewhere',
        },
      });
      if (changed?.status === 'superseded') superseded.push(changed._id);
      if (changed)
        this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
    }
    return { supersededSuggestionIds: superseded };
  }
}
