import type { Move, Stored } from '@app/persistence';
import type { MoveView } from './moves.dto.js';

export function toMoveView(move: Stored<Move>): MoveView {
  return {
    id: move._id.toHexString(),
    status: move.status,
    conversationId: move.conversationId.toHexString(),
    identityId: move.identityId.toHexString(),
    fromCustomerId: move.fromCustomerId.toHexString(),
    toCustomerId: move.toCustomerId.toHexString(),
    reason: move.reason ?? null,
    actorId: move.actorId,
    undoes: move.undoes?.toHexString() ?? null,
    undoneBy: move.undoneBy?.toHexString() ?? null,
    moved: move.moved,
    completedSteps: move.completedSteps,
    createdAt: move.createdAt.toISOString(),
    finishedAt: move.finishedAt?.toISOString() ?? null,
  };
}
