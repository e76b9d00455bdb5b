import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { evidenceLeft, pairKey, suggestionScore, type Evidence } from '@app/domain';
import {
  AuditRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  DETACH_STEPS,
  DETACH_UNDO_STEPS,
  DetachRepository,
  SuggestionRepository,
  type Detach,
  type DetachIntent,
  type DetachStep,
  type Stored,
  type Suggestion,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { CustomerLocksService } from '../customer-locks.service.js';
import { publishJournalStep } from '../journal-steps.js';
import { suggestionView } from '../suggestions/suggestion-view.js';
import { userActor } from '../user-actor.js';

type RunningDetach = Stored<Detach> & { intent: DetachIntent };

/**
 * Runs a detach from its journal, like a merge: every step is idempotent and recorded when done, so running it again
 * — after a crash, or twice at once — completes it exactly as once. The identity's conversations move with one
 * `updateMany` and their messages hang off them: the commands of a detach do not grow with history.
 */
@Injectable()
export class DetachExecutorService {
  private readonly logger = new Logger(DetachExecutorService.name);

  constructor(
    private readonly detaches: DetachRepository,
    private readonly locks: CustomerLocksService,
    private readonly customers: CustomerRepository,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly suggestionsQueue: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
  ) {}

  async execute(tenantId: string, detachId: string): Promise<'done' | 'already-done' | 'missing'> {
    const detach = await this.detaches.findById(tenantId, detachId);
    if (!detach?.intent) return 'missing';
    if (detach.status === 'done') return 'already-done';
    const running = detach as RunningDetach;
    const steps: readonly DetachStep[] = detach.undoes ? DETACH_UNDO_STEPS : DETACH_STEPS;
    const last = steps[steps.length - 1];
    for (const step of steps) {
      if (detach.completedSteps.includes(step)) continue;
      await this.run(step, running);
      if (step === last) break;
      await this.detaches.completeStep(tenantId, detach._id, step);
      publishJournalStep({ journal: 'detach', undo: Boolean(detach.undoes), tenantId, id: detachId, step });
    }
    // Recorded before the journal says done: a worker that dies between the two records it again, and the record's
    // key (the detach) refuses the second.
    await (detach.undoes ? this.recordUndo(running, detach.undoes) : this.recordDetach(running));
    await this.detaches.finish(tenantId, detach._id, last);
    const fromCustomerId = detach.fromCustomerId.toHexString();
    const toCustomerId = detach.toCustomerId.toHexString();
    const identityId = detach.identityId.toHexString();
    if (detach.undoes) {
      this.realtime.emit(tenantId, 'detach.undone', {
        undoId: detachId,
        detachId: detach.undoes.toHexString(),
        identityId,
        fromCustomerId,
        toCustomerId,
      });
      // The detached customer is a tombstone now: only the source is checked again.
      await this.suggestionsQueue.checkCustomer(
        { tenantId, customerId: toCustomerId, reason: 'detach.undone' },
        `detach-${detachId}-${toCustomerId}`,
      );
      this.logger.log({ undoId: detachId, fromCustomerId, toCustomerId }, 'detach undone');
      return 'done';
    }
    this.realtime.emit(tenantId, 'identity.detached', { detachId, identityId, fromCustomerId, toCustomerId });
    // Consoles listing customers hear of the new one as they do of one a first message creates.
    this.realtime.emit(tenantId, 'customer.created', { customerId: toCustomerId });
    for (const customerId of [fromCustomerId, toCustomerId]) {
      await this.suggestionsQueue.checkCustomer(
        { tenantId, customerId, reason: 'identity.detached' },
        `detach-${detachId}-${customerId}`,
      );
    }
    this.logger.log({ detachId, fromCustomerId, toCustomerId }, 'detach done');
    return 'done';
  }

  /** The undo's record, keyed by the undo: `before` is what the detach left, `after` names what went back. */
  private async recordUndo(undo: RunningDetach, detachId: Types.ObjectId): Promise<void> {
    const { tenantId, fromCustomerId, toCustomerId, intent, _id: undoId } = undo;
    await this.audit.record({
      tenantId,
      type: 'detach.undone',
      key: undoId.toHexString(),
      actor: userActor(undo.actorId, undo.actorRole),
      trigger: { kind: 'request' },
      customerIds: [toCustomerId, fromCustomerId],
      before: { detachedCustomerId: fromCustomerId.toHexString() },
      after: {
        undoId: undoId.toHexString(),
        detachId: detachId.toHexString(),
        identityId: undo.identityId.toHexString(),
        fromCustomerId: fromCustomerId.toHexString(),
        toCustomerId: toCustomerId.toHexString(),
        mergedInto: toCustomerId.toHexString(),
        contactData: intent.contactData.map(({ type, value }) => ({ type, value })),
        moved: undo.moved,
      },
    });
  }

  private async recordDetach(detach: RunningDetach): Promise<void> {
    const { tenantId, fromCustomerId, toCustomerId, intent, _id: detachId } = detach;
    await this.audit.record({
      tenantId,
      type: 'identity.detached',
      key: detachId.toHexString(),
      actor: userActor(detach.actorId, detach.actorRole),
      trigger: { kind: 'request' },
      customerIds: [fromCustomerId, toCustomerId],
      before: { customer: intent.before },
      after: {
        detachId: detachId.toHexString(),
        identityId: detach.identityId.toHexString(),
        fromCustomerId: fromCustomerId.toHexString(),
        toCustomerId: toCustomerId.toHexString(),
        ...(detach.reason ? { reason: detach.reason } : {}),
        contactData: intent.contactData.map(({ type, value }) => ({ type, value })),
        moved: detach.moved,
      },
    });
  }

  private async run(step: DetachStep, detach: RunningDetach): Promise<void> {
    const { tenantId, identityId, fromCustomerId: from, toCustomerId: to, intent, _id: detachId } = detach;
    const movedBy = { detachId };
    switch (step) {
      case 'create-customer':
        await this.customers.recordActivity(tenantId, to, intent.lastActiveAt ?? detach.createdAt, {
          name: intent.name,
        });
        return;
      case 'move-identity':
        await this.ownership.moveWhere('identities', tenantId, { _id: identityId }, from, to, movedBy);
        return;
      case 'move-conversations':
        await this.ownership.moveWhere('conversations', tenantId, { identityId }, from, to, movedBy);
        return;
      case 'move-identifier-owner':
        if (!intent.identifier) return;
        await this.ownership.moveWhere(
          'identifier_owners',
          tenantId,
          { identifierType: intent.identifier.type, value: intent.identifier.value },
          from,
          to,
          movedBy,
        );
        return;
      case 'move-contact-data':
        // An undo leaves the tombstone its contact data, as a merge leaves its victims theirs.
        return this.customers.moveContactData(
          tenantId,
          from,
          to,
          intent.contactData,
          detach.undoes ? true : intent.sourceKeepsContactData,
          detach.undoes ? positionsBefore(intent) : [],
        );
      case 'tombstone-customer':
        return this.tombstoneDetached(detach);
      case 'separate-customers':
        await this.separate(detach);
        return this.settleLeftSuggestions(detach);
      case 'release-locks':
        return this.locks.release(tenantId, detachId);
      default:
        throw new Error(`detach step ${step as string} has no implementation`);
    }
  }

  /**
   * The undo's detached customer becomes a tombstone pointing to the source (its id answers 308 there), then what a
   * delivery wrote on it since the move steps goes too — a later one finds the tombstone and follows it — and its
   * pending suggestions are superseded. The separation record of the pair stays, as history.
   */
  private async tombstoneDetached(undo: RunningDetach): Promise<void> {
    const { tenantId, fromCustomerId: detachedId, toCustomerId: sourceId, _id: undoId } = undo;
    await this.customers.tombstone(tenantId, [detachedId], sourceId, undoId);
    // Everything on it goes, as a merge sweeps its victims: a delivery that read it before the move steps may have
    // written since (a conversation of the identity, or a newcomer joined through the identifier it still owned).
    for (const collection of ['identities', 'conversations'] as const) {
      await this.ownership.moveWhere(collection, tenantId, {}, detachedId, sourceId, { detachId: undoId });
    }
    const at = new Date();
    for (const suggestion of await this.suggestions.findPendingOf(tenantId, [detachedId])) {
      const changed = await this.suggestions.changeIf(tenantId, suggestion._id, ['open', 'blocked'], {
        status: 'superseded',
        history: {
          at,
          status: 'superseded',
          by: undo.actorId,
          reason: `its customer went back by the undo ${undoId.toHexString()} of a detach`,
        },
      });
      if (changed)
        this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
    }
  }

  /**
   * The two customers are separated: their pair is stored as rejected by the supervisor, with the kinds of evidence
   * of its time seen, so the suggestion finder brings it back only for evidence of a new kind (DOMAIN §2).
   */
  private async separate(detach: RunningDetach): Promise<void> {
    const { tenantId, fromCustomerId, toCustomerId, intent, _id: detachId } = detach;
    const evidence = intent.separation as Evidence[];
    const rules = [...new Set(evidence.map((item) => item.rule))];
    const history = {
      at: new Date(),
      status: 'rejected' as const,
      by: detach.actorId,
      reason: `separated by detach ${detachId.toHexString()}`,
    };
    const key = pairKey(fromCustomerId.toHexString(), toCustomerId.toHexString());
    const created = await this.suggestions.insertUnlessPaired({
      tenantId,
      pairKey: key,
      customerIds: [fromCustomerId, toCustomerId].sort((a, b) => a.toHexString().localeCompare(b.toHexString())),
      openedFrom: fromCustomerId,
      status: 'rejected',
      evidence,
      score: suggestionScore(evidence),
      seenRules: rules,
      blocks: [],
      history: [history],
    });
    if (created) return;
    // A check that ran while the detach did may have paired them; or this step is running again.
    const existing = await this.suggestions.findByPair(tenantId, key);
    if (!existing || isSeparated(existing, rules)) return;
    const changed = await this.suggestions.changeIf(tenantId, existing._id, ['open', 'blocked', 'rejected'], {
      status: 'rejected',
      addSeenRules: rules,
      history,
    });
    if (changed)
      this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
  }

  /**
   * The source's other suggestions whose evidence rests only on what left with the identity no longer say anything
   * about the source: superseded (they come back only with evidence of a new kind). The new customer's own check
   * suggests its pairs afresh.
   */
  private async settleLeftSuggestions(detach: RunningDetach): Promise<void> {
    const { tenantId, fromCustomerId, toCustomerId, intent, _id: detachId } = detach;
    if (intent.leavingValues.length === 0) return;
    const pending = await this.suggestions.findPendingOf(tenantId, [fromCustomerId]);
    const at = new Date();
    for (const suggestion of pending) {
      if (suggestion.customerIds.some((id) => id.equals(toCustomerId))) continue;
      if (!evidenceLeft(suggestion.evidence, intent.leavingValues)) continue;
      const changed = await this.suggestions.changeIf(tenantId, suggestion._id, ['open', 'blocked'], {
        status: 'superseded',
        history: {
          at,
          status: 'superseded',
          by: detach.actorId,
          reason: `its evidence left with a detached identity (detach ${detachId.toHexString()})`,
        },
      });
      if (changed)
        this.realtime.emit(tenantId.toHexString(), 'suggestion.updated', { suggestion: suggestionView(changed) });
    }
  }
}

function isSeparated(suggestion: Stored<Suggestion>, rules: string[]): boolean {
  return suggestion.status === 'rejected' && rules.every((rule) => suggestion.seenRules.includes(rule));
}

/** Where each moved datum stood in the source's contact data before its detach: an undo puts it back there. */
function positionsBefore(intent: DetachIntent): (number | undefined)[] {
  const before = (intent.before as { contactData?: { type: string; value: string }[] }).contactData ?? [];
  return intent.contactData.map((datum) => {
    const index = before.findIndex((held) => held.type === datum.type && held.value === datum.value);
    return index < 0 ? undefined : index;
  });
}
