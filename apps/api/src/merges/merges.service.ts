import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import {
  MergePlannerService,
  MergeStarterService,
  MergeUndoStarterService,
  SuggestionDecisionError,
} from '@app/identity';
import { MergeRepository, MergeUndoRepository, SuggestionRepository } from '@app/persistence';
import { toMergeUndoView } from './merge-undo-view.js';
import type { MergePreview, MergePreviewRequestDto, MergeRequestDto, MergeUndoView, MergeView } from './merges.dto.js';
import { toMergePreview, toMergeView } from './merge-view.js';

@Injectable()
export class MergesService {
  constructor(
    private readonly planner: MergePlannerService,
    private readonly starter: MergeStarterService,
    private readonly merges: MergeRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly undoStarter: MergeUndoStarterService,
    private readonly undos: MergeUndoRepository,
  ) {}

  async preview(actor: UserPrincipal, dto: MergePreviewRequestDto): Promise<MergePreview> {
    return toMergePreview(await this.planner.plan(actor.tenantId, dto.survivorId, dto.victimIds, dto.picks));
  }

  /** Starts the merge; `finished` is false while the worker is still moving things (the api answers 202). */
  async start(actor: UserPrincipal, dto: MergeRequestDto): Promise<{ merge: MergeView; finished: boolean }> {
    if (dto.suggestionId && !(await this.suggestions.findById(actor.tenantId, dto.suggestionId))) {
      throw new SuggestionDecisionError('suggestion_not_found', `no suggestion ${dto.suggestionId}`);
    }
    const { merge, finished } = await this.starter.start(
      actor.tenantId,
      actor.userId,
      { survivorId: dto.survivorId, victimIds: dto.victimIds, picks: dto.picks, suggestionId: dto.suggestionId },
      actor.role,
    );
    return { merge: toMergeView(merge), finished };
  }

  async get(actor: UserPrincipal, id: string): Promise<MergeView> {
    const merge = await this.merges.findById(actor.tenantId, id);
    if (!merge) throw notFound('merge');
    return toMergeView(merge);
  }

  /** Starts the undo; `finished` when the merge's undo had already run (a repeated request is answered with it). */
  async undo(actor: UserPrincipal, mergeId: string): Promise<{ undo: MergeUndoView; finished: boolean }> {
    const { undo } = await this.undoStarter.start(actor.tenantId, actor.userId, mergeId, actor.role);
    return { undo: toMergeUndoView(undo), finished: undo.status === 'done' };
  }

  async getUndo(actor: UserPrincipal, mergeId: string): Promise<MergeUndoView> {
    const merge = await this.merges.findById(actor.tenantId, mergeId);
    const undo = merge?.undoId ? await this.undos.findById(actor.tenantId, merge.undoId.toHexString()) : null;
    if (!undo) throw notFound('undo');
    return toMergeUndoView(undo);
  }
}
