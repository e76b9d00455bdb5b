import type { Detach, Stored } from '@app/persistence';
import type { DetachView } from './detaches.dto.js';

export function toDetachView(detach: Stored<Detach>): DetachView {
  return {
    id: detach._id.toHexString(),
    status: detach.status,
    identityId: detach.identityId.toHexString(),
    fromCustomerId: detach.fromCustomerId.toHexString(),
    toCustomerId: detach.toCustomerId.toHexString(),
    reason: detach.reason ?? null,
    actorId: detach.actorId,
    moved: detach.moved,
    completedSteps: detach.completedSteps,
    undoes: detach.undoes?.toHexString() ?? null,
    undoneBy: detach.undoneBy?.toHexString() ?? null,
    createdAt: detach.createdAt.toISOString(),
    finishedAt: detach.finishedAt?.toISOString() ?? null,
  };
}
