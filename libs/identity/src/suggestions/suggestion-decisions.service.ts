import { Injectable } from '@nestjs/common';
import type { MergePicks, MergeBlock } from '@app/domain';
import type { SuggestionStatus } from '@app/domain';
import { AuditRepository, SuggestionRepository, type Merge, type Stored, type Suggestion } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import { MergeRefusedError, mergeBlocked } from '../merges/merge-errors.js';
import { MergeStarterService } from '../merges/merge-starter.service.js';
import { SuggestionPartiesService } from './suggestion-parties.service.js';
import { suggestionView } from './suggestion-view.js';
import { userActor } from '../user-actor.js';

export class SuggestionDecisionError extends Error {
  constructor(
    readonly code: 'suggestion_not_found' | 'suggestion_decided' | 'invalid_survivor',
    message: string,
    readonly suggestion?: Stored<Suggestion>,
  ) {
    super(message);
    this.name = 'SuggestionDecisionError';
  }
}

/**
 * Where an accepted suggestion goes when its merge is refused: a guard blocks it; a customer of the pair merged
 * elsewhere meanwhile makes it obsolete, as that merge would have made it had it not been accepted at the time (the
 * survivor is checked again, so a real match comes back); anything else leaves it open for another try.
 */
function statusAfterRefusal(error: unknown): SuggestionStatus {
  if (!(error instanceof MergeRefusedError)) return 'open';
  if (error.code === 'merge_blocked') return 'blocked';
  return error.code === 'customer_merged' ? 'superseded' : 'open';
}

/**
 * An agent's decision on a suggestion. Each is a compare-and-set on the status: of two agents deciding at once,
 * one wins and the other is told the outcome (and sees it live through `suggestion.updated`).
 */
@Injectable()
export class SuggestionDecisionsService {
  constructor(
    private readonly suggestions: SuggestionRepository,
    private readonly starter: MergeStarterService,
    private readonly parties: SuggestionPartiesService,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
  ) {}

  async accept(
    tenantId: string,
    userId: string,
    suggestionId: string,
    choice: { survivorId?: string; picks?: MergePicks },
    userRole?: string,
  ): Promise<{ suggestion: Stored<Suggestion>; merge: Stored<Merge>; finished: boolean }> {
    const suggestion = await this.find(tenantId, suggestionId);
    const ids = suggestion.customerIds.map((id) => id.toHexString());
    const survivorId = choice.survivorId ?? (await this.parties.of(tenantId, [suggestion]))[0].defaultSurvivorId;
    if (!ids.includes(survivorId)) {
      throw new SuggestionDecisionError('invalid_survivor', 'the survivor must be one of the pair', suggestion);
    }
    const victimIds = ids.filter((id) => id !== survivorId);
    if (suggestion.status === 'blocked') {
      throw mergeBlocked(victimIds.map((victimId) => ({ victimId, blocks: suggestion.blocks })));
    }
    const claimed = await this.suggestions.changeIf(tenantId, suggestion._id, ['open'], {
      status: 'accepted',
      history: { at: new Date(), status: 'accepted', by: userId },
    });
    if (!claimed) throw await this.decided(tenantId, suggestion);
    try {
      const started = await this.starter.start(
        tenantId,
        userId,
        { survivorId, victimIds, picks: choice.picks, suggestionId },
        userRole,
      );
      const accepted =
        (await this.suggestions.changeIf(tenantId, suggestion._id, ['accepted'], {
          mergeId: started.merge._id,
        })) ?? claimed;
      this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(accepted) });
      await this.audit.record({
        tenantId,
        type: 'suggestion.accepted',
        key: started.merge._id.toHexString(),
        actor: userActor(userId, userRole),
        trigger: { kind: 'request' },
        customerIds: suggestion.customerIds,
        before: { suggestionId, status: suggestion.status },
        after: { suggestionId, status: 'accepted', mergeId: started.merge._id.toHexString(), survivorId, victimIds },
      });
      return { suggestion: accepted, ...started };
    } catch (error) {
      const status = statusAfterRefusal(error);
      const blocked = error instanceof MergeRefusedError && status === 'blocked';
      const reverted = await this.suggestions.changeIf(tenantId, suggestion._id, ['accepted'], {
        status,
        ...(blocked ? { blocks: (error.details.blocks as { blocks: MergeBlock[] }[]).flatMap((b) => b.blocks) } : {}),
        history: {
          at: new Date(),
          status,
          by: userId,
          reason: `merge refused: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
      if (reverted) this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(reverted) });
      throw error;
    }
  }

  async reject(
    tenantId: string,
    userId: string,
    suggestionId: string,
    reason?: string,
    userRole?: string,
  ): Promise<Stored<Suggestion>> {
    const suggestion = await this.find(tenantId, suggestionId);
    const rejected = await this.suggestions.changeIf(tenantId, suggestion._id, ['open', 'blocked'], {
      status: 'rejected',
      addSeenRules: suggestion.evidence.map((item) => item.rule),
      history: { at: new Date(), status: 'rejected', by: userId, reason: reason ?? 'not the same person' },
    });
    if (!rejected) throw await this.decided(tenantId, suggestion);
    this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(rejected) });
    await this.audit.record({
      tenantId,
      type: 'suggestion.rejected',
      // A suggestion re-opened by evidence of a new kind can be rejected again: each rejection is its own change.
      key: `${suggestionId}:${rejected.updatedAt.getTime()}`,
      actor: userActor(userId, userRole),
      trigger: { kind: 'request' },
      customerIds: suggestion.customerIds,
      before: { suggestionId, status: suggestion.status },
      after: { suggestionId, status: 'rejected', reason: reason ?? 'not the same person' },
    });
    return rejected;
  }

  private async find(tenantId: string, suggestionId: string): Promise<Stored<Suggestion>> {
    const suggestion = await this.suggestions.findById(tenantId, suggestionId);
    if (!suggestion) throw new SuggestionDecisionError('suggestion_not_found', `no suggestion ${suggestionId}`);
    return suggestion;
  }

  private async decided(tenantId: string, suggestion: Stored<Suggestion>): Promise<SuggestionDecisionError> {
    const current = (await this.suggestions.findById(tenantId, suggestion._id.toHexString())) ?? suggestion;
    return new SuggestionDecisionError('suggestion_decided', `the suggestion is already ${current.status}`, current);
  }
}
