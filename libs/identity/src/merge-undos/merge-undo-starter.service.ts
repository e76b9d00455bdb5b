import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { identityAddresses, matchEvidence, pairKey, type CustomerFacts, type IdentifierType } from '@app/domain';
import {
  ConversationRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  IdentityRepository,
  MergeRepository,
  MergeUndoRepository,
  type Identity,
  type Merge,
  type MergeUndo,
  type MergeUndoIntent,
  type Stored,
} from '@app/persistence';
import { MergeUndosProducer } from '@app/queue';
import { whereNow } from '../moved-away.js';
import { CustomerLocksService } from '../customer-locks.service.js';
import { mergedFacts } from './merged-facts.js';
import { undoBlocked, UndoRefusedError, type UndoObstacle } from './merge-undo-errors.js';

/** A problem lists this many documents per kind at most: enough to show what stands in the way. */
const OBSTACLES_LISTED = 20;

/** An undo that crashed while taking its locks (they take milliseconds) must not hold its merge forever. */
const ABANDONED_AFTER_MS = 60_000;

interface UndoPlanned {
  intent: MergeUndoIntent;
  moved: Record<string, number>;
}

/**
 * Starts the undo of a merge (DOMAIN §5) as merges and detaches start: the journal first, then the merge's claim (one
 * undo per merge: a repeated request is answered with the undo that claimed it), then the locks of the survivor and
 * the victims, then the plan — refused with every obstacle when the merge can no longer be undone cleanly.
 */
@Injectable()
export class MergeUndoStarterService {
  constructor(
    private readonly merges: MergeRepository,
    private readonly undos: MergeUndoRepository,
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly conversations: ConversationRepository,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly locks: CustomerLocksService,
    private readonly producer: MergeUndosProducer,
  ) {}

  /** The undo, running; `repeated` when the merge was already claimed by an earlier undo, which is answered. */
  async start(
    tenantId: string,
    actorId: string,
    mergeId: string,
    actorRole?: string,
  ): Promise<{ undo: Stored<MergeUndo>; repeated: boolean }> {
    // A malformed id names no merge, like one that does not exist.
    const merge = await this.merges.findById(tenantId, mergeId);
    if (!merge) throw new UndoRefusedError('merge_not_found', `no merge ${mergeId}`, { mergeId });
    const earlier = await this.claimant(tenantId, merge);
    if (earlier) return { undo: earlier, repeated: true };
    if (merge.status !== 'done') {
      throw new UndoRefusedError('merge_not_done', `merge ${mergeId} is ${merge.status}, not done`, {
        mergeId,
        mergeStatus: merge.status,
      });
    }
    const undoId = new Types.ObjectId();
    const created = await this.undos.create({
      _id: undoId,
      tenantId,
      mergeId: merge._id,
      survivorId: merge.survivorId,
      victimIds: merge.victimIds,
      actorId,
      ...(actorRole ? { actorRole } : {}),
    });
    if (!(await this.merges.claimUndo(tenantId, merge._id, undoId, merge.undoId))) {
      await this.undos.setStatus(tenantId, undoId, 'pending', 'refused');
      const winner = await this.claimant(tenantId, await this.merges.findById(tenantId, mergeId));
      if (winner) return { undo: winner, repeated: true };
      throw new UndoRefusedError('customer_busy', `another undo of merge ${mergeId} is starting`, { mergeId });
    }
    const holders = await this.locks.acquire(tenantId, 'undo', undoId, [merge.survivorId, ...merge.victimIds]);
    if (holders) {
      await this.refuse(tenantId, merge._id, undoId);
      throw new UndoRefusedError('customer_busy', 'a merge, detach or undo of these customers is running', {
        ...holders,
      });
    }
    let planned: UndoPlanned;
    try {
      planned = await this.plan(tenantId, merge);
    } catch (error) {
      await this.locks.release(tenantId, undoId);
      await this.refuse(tenantId, merge._id, undoId);
      throw error;
    }
    await this.undos.startRunning(tenantId, undoId, planned.intent, planned.moved);
    await this.producer.execute({ tenantId, undoId: undoId.toHexString() });
    return { undo: { ...created, ...planned, status: 'running' }, repeated: false };
  }

  /** The undo holding the merge's claim, unless it was refused or abandoned (then a new one may take it over). */
  private async claimant(tenantId: string, merge: Stored<Merge> | null): Promise<Stored<MergeUndo> | undefined> {
    if (!merge?.undoId) return undefined;
    const undo = await this.undos.findById(tenantId, merge.undoId.toHexString());
    if (!undo || undo.status === 'refused') return undefined;
    const abandoned = undo.status === 'pending' && Date.now() - undo.createdAt.getTime() > ABANDONED_AFTER_MS;
    return abandoned ? undefined : undo;
  }

  private async refuse(tenantId: string, mergeId: Types.ObjectId, undoId: Types.ObjectId): Promise<void> {
    await this.undos.setStatus(tenantId, undoId, 'pending', 'refused');
    await this.merges.releaseUndo(tenantId, mergeId, undoId);
  }

  /** Decided under the locks: what goes back to each victim, or everything that stands in the way. */
  private async plan(tenantId: string, merge: Stored<Merge>): Promise<UndoPlanned> {
    const { survivorId } = merge;
    const { survivor: survivorBefore, victims } = mergedFacts(merge.before);
    const identifiers = victims.flatMap((victim) =>
      identityAddresses(victim).map(({ type, value }) => ({
        victimId: new Types.ObjectId(victim.id),
        type: type as IdentifierType,
        value,
      })),
    );
    const ownIdentityIds = victims.flatMap((victim) => victim.identities.map(({ id }) => new Types.ObjectId(id)));
    const [survivor, identities, identitiesAway, conversationsAway, ownersAway] = await Promise.all([
      this.customers.findById(tenantId, survivorId.toHexString()),
      this.identities.findReturning(tenantId, ownIdentityIds, survivorId, identifiers),
      this.ownership.movedAwaySince('identities', tenantId, merge._id, survivorId, OBSTACLES_LISTED),
      this.ownership.movedAwaySince('conversations', tenantId, merge._id, survivorId, OBSTACLES_LISTED),
      this.ownership.movedAwaySince('identifier_owners', tenantId, merge._id, survivorId, OBSTACLES_LISTED),
    ]);
    const obstacles: UndoObstacle[] = [
      ...(survivor?.mergedInto
        ? [
            {
              reason: 'survivor_merged' as const,
              survivorId: survivorId.toHexString(),
              mergedInto: survivor.mergedInto.toHexString(),
            },
          ]
        : []),
      ...identitiesAway.map((away) => ({
        reason: 'identity_moved' as const,
        identityId: away.id.toHexString(),
        ...whereNow(away),
      })),
      ...ownersAway.map((away) => ({
        reason: 'identifier_owned_elsewhere' as const,
        identifierType: String(away.identifier?.type),
        value: String(away.identifier?.value),
        ...whereNow(away),
      })),
      ...conversationsAway.map((away) => ({
        reason: 'conversation_moved' as const,
        conversationId: away.id.toHexString(),
        ...whereNow(away),
      })),
    ];
    if (obstacles.length > 0) throw undoBlocked(merge._id.toHexString(), obstacles);

    const returning = returningIdentities(identities, survivorId, victims);
    const totals = await this.conversations.totalsOfIdentities(
      tenantId,
      survivorId,
      Object.keys(returning).map((id) => new Types.ObjectId(id)),
    );
    return {
      intent: {
        identities: returning,
        identifiers,
        separation: Object.fromEntries(victims.map((victim) => [victim.id, evidenceBetween(victim, survivorBefore)])),
        victimSeparation: Object.fromEntries(
          victims.flatMap((victim, index) =>
            victims
              .slice(index + 1)
              .map((other) => [pairKey(victim.id, other.id), evidenceBetween(victim, other)] as const),
          ),
        ),
        lastActiveAt: Object.fromEntries(
          victims.flatMap((victim) => {
            const latest = latestOf([
              victim.lastActiveAt,
              ...Object.entries(returning).flatMap(([identityId, victimId]) =>
                victimId === victim.id ? [totals.lastMessageAt[identityId]] : [],
              ),
            ]);
            return latest ? [[victim.id, latest]] : [];
          }),
        ),
        ...(merge.supersededSuggestionIds ? { supersededSuggestionIds: merge.supersededSuggestionIds } : {}),
        ...(merge.assets ? { assets: merge.assets } : {}),
        mergedFrom: merge.before,
      },
      moved: {
        identities: Object.keys(returning).length,
        conversations: totals.conversations,
        messages: totals.messages,
      },
    };
  }
}

/** What linked two customers before the merge, as journaled: its kinds are seen when the pair is separated. */
function evidenceBetween(a: CustomerFacts, b: CustomerFacts): { rule: string; values: string[]; score: number }[] {
  return matchEvidence(a, b, () => false).map(({ rule, values, score }) => ({ rule, values: [...values], score }));
}

function latestOf(dates: (Date | undefined)[]): Date | undefined {
  const times = dates.flatMap((date) => (date ? [new Date(date).getTime()] : []));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

/**
 * The survivor's identities that go back, each to its victim: a victim's own, and one that joined the survivor since
 * through a victim's identifier (its owner goes back to the victim, so must it).
 */
function returningIdentities(
  identities: Stored<Identity>[],
  survivorId: Types.ObjectId,
  victims: CustomerFacts[],
): Record<string, string> {
  const victimOf = (identity: Stored<Identity>): CustomerFacts | undefined =>
    victims.find((victim) => victim.identities.some(({ id }) => identity._id.equals(id))) ??
    victims.find((victim) =>
      identityAddresses(victim).some(
        ({ type, value }) => type === identity.identifierType && value === identity.address,
      ),
    );
  return Object.fromEntries(
    identities.flatMap((identity) => {
      const victim = identity.customerId.equals(survivorId) ? victimOf(identity) : undefined;
      return victim ? [[identity._id.toHexString(), victim.id]] : [];
    }),
  );
}
