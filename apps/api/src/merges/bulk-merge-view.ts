import type { BulkMerge, Stored } from '@app/persistence';
import type { BulkMergeProgressView, BulkMergeView } from './bulk-merges.dto.js';

function progressOf(bulk: Stored<BulkMerge>): BulkMergeProgressView {
  const outcomes: BulkMergeProgressView['outcomes'] = {};
  let done = 0;
  for (const { result } of bulk.pairs) {
    if (!result) continue;
    done += 1;
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  }
  return { total: bulk.pairs.length, done, outcomes };
}

export function toBulkMergeView(bulk: Stored<BulkMerge>): BulkMergeView {
  const progress = progressOf(bulk);
  const finished = bulk.status === 'done' && bulk.startedAt && bulk.finishedAt;
  return {
    id: bulk._id.toHexString(),
    idempotencyKey: bulk.idempotencyKey,
    status: bulk.status,
    actorKind: bulk.actor.kind,
    actorId: bulk.actor.id,
    progress,
    pairs: bulk.pairs.map(({ survivorId, victimId, result }) => ({ survivorId, victimId, result: result ?? null })),
    report: finished ? { pairs: progress, durationMs: bulk.finishedAt!.getTime() - bulk.startedAt!.getTime() } : null,
    createdAt: bulk.createdAt.toISOString(),
    startedAt: bulk.startedAt?.toISOString() ?? null,
    finishedAt: bulk.finishedAt?.toISOString() ?? null,
  };
}
