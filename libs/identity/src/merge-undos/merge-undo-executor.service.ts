import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  loyaltyAfterUndoOfAll,
  NO_LOYALTY,
  pairKey,
  reopenedStatus,
  suggestionScore,
  undoMergeFields,
  type Evidence,
  type Loyalty,
} from '@app/domain';
import {
  AuditRepository,
  CustomerAssetRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  MERGE_UNDO_STEPS,
  MergeRepository,
  MergeUndoRepository,
  SuggestionRepository,
  type MergeUndo,
  type MergeUndoIntent,
  type MergeUndoStep,
  type Stored,
  type Suggestion,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { toCustomerFacts } from '../customer-facts.service.js';
import { CustomerLocksService } from '../customer-locks.service.js';
import { publishJournalStep } from '../journal-steps.js';
import { suggestionView } from '../suggestions/suggestion-view.js';
import { mergedFacts } from './merged-facts.js';
import { userActor } from '../user-actor.js';

type RunningUndo = Stored<MergeUndo> & { intent: MergeUndoIntent };
/** What a step decided that the journal keeps, written with the step's completion. */
type KeptByStep = Pick<MergeUndo, 'loyaltyAfter'>;
type JournaledEvidence = MergeUndoIntent['separation'][string][number];

/** An agent editing the survivor at that very moment makes a write retry; this many in a row is not an agent. */
const MAX_SURVIVOR_WRITES = 5;

/**
 * Runs the undo of a merge from its journal, like a merge: every step is idempotent and recorded when done, so
 * running it again — after a crash, or twice at once — completes it exactly as once. What goes back moves with one
 * `updateMany` per collection and victim, and messages hang off their conversations: the commands of an undo do not
 * grow with history.
 */
@Injectable()
export class MergeUndoExecutorService {
  private readonly logger = new Logger(MergeUndoExecutorService.name);

  constructor(
    private readonly undos: MergeUndoRepository,
    private readonly merges: MergeRepository,
    private readonly locks: CustomerLocksService,
    private readonly customers: CustomerRepository,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly suggestionsQueue: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
    private readonly assets: CustomerAssetRepository,
  ) {}

  async execute(tenantId: string, undoId: string): Promise<'done' | 'already-done' | 'missing'> {
    const undo = await this.undos.findById(tenantId, undoId);
    if (!undo?.intent) return 'missing';
    if (undo.status === 'done') return 'already-done';
    const running = undo as RunningUndo;
    const last = MERGE_UNDO_STEPS[MERGE_UNDO_STEPS.length - 1];
    for (const step of MERGE_UNDO_STEPS) {
      if (undo.completedSteps.includes(step)) continue;
      const kept = await this.run(step, running);
      if (step === last) break;
      await this.undos.completeStep(tenantId, undo._id, step, kept ?? undefined);
      // What a step journaled is what the next steps of this run go by, as a run resumed after a crash would.
      if (kept) Object.assign(running, kept);
      publishJournalStep({ journal: 'undo', undo: false, tenantId, id: undoId, step });
    }
    // Recorded, and the merge marked undone, before the journal says done: a worker that dies in between does both
    // again, and the record's key (the undo) and the mark's condition refuse the second.
    await this.recordUndo(running);
    await this.merges.markUndone(tenantId, undo.mergeId, undo._id);
    await this.undos.finish(tenantId, undo._id, last);
    const survivorId = undo.survivorId.toHexString();
    const restoredIds = undo.victimIds.map((id) => id.toHexString());
    this.realtime.emit(tenantId, 'merge.undone', {
      undoId,
      mergeId: undo.mergeId.toHexString(),
      survivorId,
      restoredIds,
    });
    for (const customerId of [survivorId, ...restoredIds]) {
      await this.suggestionsQueue.checkCustomer(
        { tenantId, customerId, reason: 'merge.undone' },
        `undo-${undoId}-${customerId}`,
      );
    }
    this.logger.log({ undoId, mergeId: undo.mergeId, survivorId, restoredIds }, 'merge undone');
    return 'done';
  }

  private async recordUndo(undo: RunningUndo): Promise<void> {
    const { tenantId, survivorId, victimIds, mergeId, _id: undoId } = undo;
    await this.audit.record({
      tenantId,
      type: 'merge.undone',
      key: undoId.toHexString(),
      actor: userActor(undo.actorId, undo.actorRole),
      trigger: { kind: 'merge', id: mergeId.toHexString() },
      customerIds: [survivorId, ...victimIds],
      before: { customers: undo.intent.mergedFrom },
      after: {
        undoId: undoId.toHexString(),
        mergeId: mergeId.toHexString(),
        survivorId: survivorId.toHexString(),
        restoredIds: victimIds.map((id) => id.toHexString()),
        moved: undo.moved,
      },
    });
  }

  private async run(step: MergeUndoStep, undo: RunningUndo): Promise<KeptByStep | void> {
    const { tenantId, survivorId, victimIds, mergeId, _id: undoId } = undo;
    switch (step) {
      case 'restore-victims':
        return this.customers.restoreTombstones(tenantId, victimIds, survivorId, mergeId, undo.intent.lastActiveAt);
      case 'move-identities':
        for (const victimId of victimIds) {
          const ids = identitiesOf(undo.intent, victimId);
          if (ids.length === 0) continue;
          await this.ownership.moveWhere('identities', tenantId, { _id: { $in: ids } }, survivorId, victimId, {
            undoId,
          });
        }
        return;
      case 'move-conversations':
        for (const victimId of victimIds) {
          const broughtByMerge = { mergeTrail: { $elemMatch: { mergeId, from: victimId } } };
          const ofItsIdentities = { identityId: { $in: identitiesOf(undo.intent, victimId) } };
          await this.ownership.moveWhere(
            'conversations',
            tenantId,
            { $or: [broughtByMerge, ofItsIdentities] },
            survivorId,
            victimId,
            { undoId },
          );
        }
        return;
      case 'move-identifier-owners':
        for (const victimId of victimIds) {
          await this.ownership.moveWhere(
            'identifier_owners',
            tenantId,
            { mergeTrail: { $elemMatch: { mergeId, from: victimId } } },
            survivorId,
            victimId,
            { undoId },
          );
        }
        // Decided here and journaled with this step's record (no write of its own), before `move-assets` writes.
        return this.hasStandingsToGiveBack(undo) ? { loyaltyAfter: await this.survivorLoyaltyAfter(undo) } : undefined;
      case 'move-assets':
        return this.moveAssets(undo);
      case 'restore-survivor-fields':
        return this.restoreSurvivorFields(undo);
      case 'separate-customers':
        for (const victimId of victimIds) {
          await this.separate(undo, survivorId, victimId, undo.intent.separation[victimId.toHexString()]);
        }
        for (const [key, evidence] of Object.entries(undo.intent.victimSeparation ?? {})) {
          const [first, second] = key.split(':').map((id) => new Types.ObjectId(id));
          await this.separate(undo, first, second, evidence);
        }
        return this.reopenSuperseded(undo);
      case 'release-locks':
        return this.locks.release(tenantId, undoId);
      default:
        throw new Error(`undo step ${step as string} has no implementation`);
    }
  }

  /**
   * Each victim takes back exactly the records the merge brought from it, its loyalty standing as it brought it
   * among them (those the survivor gained otherwise stay); the survivor keeps the points it earned or spent since
   * (`loyaltyAfterUndo`). The survivor's standing is decided once and journaled before it is written, so a run again
   * after a crash takes nothing twice. A merge that moved no asset (or was made before merges moved them) has
   * nothing to give back.
   */
  private async moveAssets(undo: RunningUndo): Promise<void> {
    const { tenantId, survivorId, mergeId, _id: undoId } = undo;
    const plan = undo.intent.assets;
    if (!plan) return;
    // The intent stores no empty list or map (a merge whose victims held no record, or no standing).
    const moves = (plan.holders ?? []).map((victim) => {
      const victimId = new Types.ObjectId(victim);
      return { filter: { mergeTrail: { $elemMatch: { mergeId, from: victimId } } }, from: survivorId, to: victimId };
    });
    // Journaled with the step before; an undo journaled before that step kept it decides it here.
    const loyaltyAfter = !this.hasStandingsToGiveBack(undo)
      ? undefined
      : undo.loyaltyAfter !== undefined
        ? undo.loyaltyAfter
        : await this.undos.journalLoyaltyAfter(tenantId, undoId, await this.survivorLoyaltyAfter(undo));
    const standing = loyaltyAfter === undefined ? undefined : { customerId: survivorId, loyalty: loyaltyAfter };
    await this.assets.moveRecords(tenantId, moves, { undoId }, standing);
  }

  private hasStandingsToGiveBack(undo: RunningUndo): boolean {
    return Object.keys(undo.intent.assets?.victimLoyalty ?? {}).length > 0;
  }

  private async survivorLoyaltyAfter(undo: RunningUndo): Promise<Loyalty | null> {
    const { tenantId, survivorId } = undo;
    const plan = undo.intent.assets;
    const now = (await this.assets.summaryOf(tenantId, [survivorId])).get(survivorId.toHexString())?.loyalty;
    const before = plan?.survivorLoyalty;
    const after = loyaltyAfterUndoOfAll(
      now ?? NO_LOYALTY,
      before ?? NO_LOYALTY,
      Object.values(plan?.victimLoyalty ?? {}),
    );
    // A survivor that was no member before the merge and kept nothing of it is no member again.
    const nothingLeft = after.points === 0 && after.tierProgress === 0 && after.tier === null;
    return !before && nothingLeft ? null : after;
  }

  /**
   * The values the survivor took from its victims go back, decided against the survivor as it is now and written
   * only if it did not change meanwhile, so an agent's edit is kept (as the merge's own survivor update does).
   */
  private async restoreSurvivorFields(undo: RunningUndo): Promise<void> {
    const { tenantId, survivorId } = undo;
    const { survivor: before, victims: merged } = mergedFacts(undo.intent.mergedFrom);
    // A victim's activity since (a message on a conversation it takes back) is its own: the survivor gives it back.
    const victims = merged.map((victim) => {
      const since = undo.intent.lastActiveAt?.[victim.id];
      return since ? { ...victim, lastActiveAt: new Date(since) } : victim;
    });
    for (let attempt = 0; attempt < MAX_SURVIVOR_WRITES; attempt += 1) {
      const survivor = await this.customers.findById(tenantId, survivorId.toHexString());
      if (!survivor) throw new Error(`undo ${undo._id.toHexString()}: its survivor is gone`);
      const fields = undoMergeFields(before, victims, toCustomerFacts(survivor, []));
      const written = await this.customers.restoreFields(tenantId, survivorId, survivor.updatedAt, {
        ...fields,
        contactData: fields.contactData.map((contact) => ({
          ...contact,
          display: survivor.contactData.find((held) => held.type === contact.type && held.value === contact.value)
            ?.display,
        })),
      });
      if (written) return;
    }
    throw new Error(`survivor ${survivorId.toHexString()} kept changing during undo ${undo._id.toHexString()}`);
  }

  /**
   * The suggestions between a victim and a third customer that the merge superseded wait for an agent again, as they
   * did before it, while that customer is still active and nobody decided them since (the merge's mark is then gone).
   */
  private async reopenSuperseded(undo: RunningUndo): Promise<void> {
    const { tenantId, victimIds, mergeId, _id: undoId } = undo;
    // A merge that kept what it superseded and superseded nothing needs no look (older merges are looked at).
    if (undo.intent.supersededSuggestionIds?.length === 0) return;
    const superseded = await this.suggestions.findSupersededBy(tenantId, mergeId, victimIds);
    if (superseded.length === 0) return;
    const restored = hexes(victimIds);
    const others = superseded.flatMap(({ customerIds }) => customerIds.filter((id) => !restored.has(id.toHexString())));
    const customers = await this.customers.findByIds(tenantId, others);
    const active = hexes(customers.filter((customer) => !customer.mergedInto).map((customer) => customer._id));
    const at = new Date();
    for (const suggestion of superseded) {
      const pair = { customerIds: suggestion.customerIds.map((id) => id.toHexString()), history: suggestion.history };
      const status = reopenedStatus(pair, restored, active);
      if (!status) continue;
      const changed = await this.suggestions.changeIf(tenantId, suggestion._id, ['superseded'], {
        status,
        supersededBy: null,
        history: {
          at,
          status,
          by: undo.actorId,
          reason: `reopened by undo ${undoId.toHexString()} of merge ${mergeId.toHexString()}`,
        },
      });
      if (changed)
        this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
    }
  }

  /**
   * Two customers the merge joined (the survivor and a victim, or two victims) are "not the same person": their pair is stored as rejected by the supervisor, with
   * the kinds of evidence that linked them before the merge seen, so only evidence of a new kind suggests the pair
   * again (DOMAIN §2), as after a detach.
   */
  private async separate(
    undo: RunningUndo,
    first: Types.ObjectId,
    second: Types.ObjectId,
    journaled: JournaledEvidence[] | undefined,
  ): Promise<void> {
    const { tenantId, _id: undoId } = undo;
    const evidence = (journaled ?? []) as Evidence[];
    const rules = [...new Set(evidence.map((item) => item.rule))];
    const history = {
      at: new Date(),
      status: 'rejected' as const,
      by: undo.actorId,
      reason: `separated by undo ${undoId.toHexString()} of merge ${undo.mergeId.toHexString()}`,
    };
    const key = pairKey(first.toHexString(), second.toHexString());
    const created = await this.suggestions.insertUnlessPaired({
      tenantId,
      pairKey: key,
      customerIds: [first, second].sort((a, b) => a.toHexString().localeCompare(b.toHexString())),
      openedFrom: first,
      status: 'rejected',
      evidence,
      score: suggestionScore(evidence),
      seenRules: rules,
      blocks: [],
      history: [history],
    });
    if (created) return;
    // The suggestion the merge accepted, or one a check found meanwhile; or this step is running again.
    const existing = await this.suggestions.findByPair(tenantId, key);
    if (!existing || isSeparated(existing, rules)) return;
    const changed = await this.suggestions.changeIf(
      tenantId,
      existing._id,
      ['open', 'blocked', 'rejected', 'accepted', 'superseded'],
      { status: 'rejected', addSeenRules: rules, history },
    );
    if (changed)
      this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
  }
}

function hexes(ids: Types.ObjectId[]): Set<string> {
  return new Set(ids.map((id) => id.toHexString()));
}

function identitiesOf(intent: MergeUndoIntent, victimId: Types.ObjectId): Types.ObjectId[] {
  // A map with no entries is not stored at all (a victim without identities: a customer an integration created).
  return Object.entries(intent.identities ?? {}).flatMap(([id, victim]) =>
    victim === victimId.toHexString() ? [new Types.ObjectId(id)] : [],
  );
}

function isSeparated(suggestion: Stored<Suggestion>, rules: string[]): boolean {
  return suggestion.status === 'rejected' && rules.every((rule) => suggestion.seenRules.includes(rule));
}
