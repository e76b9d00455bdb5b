import type { MergeUndo, Stored } from '@app/persistence';
import type { MergeUndoView } from './merges.dto.js';

export function toMergeUndoView(undo: Stored<MergeUndo>): MergeUndoView {
  return {
    id: undo._id.toHexString(),
    status: undo.status,
    mergeId: undo.mergeId.toHexString(),
    survivorId: undo.survivorId.toHexString(),
    restoredIds: undo.victimIds.map((id) => id.toHexString()),
    actorId: undo.actorId,
    moved: undo.moved,
    completedSteps: undo.completedSteps,
    createdAt: undo.createdAt.toISOString(),
    finishedAt: undo.finishedAt?.toISOString() ?? null,
  };
}
