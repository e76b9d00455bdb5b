import { ProblemException } from '@app/http';
import type { BulkMerge, Stored } from '@app/persistence';
import {
  DEFAULT_BULK_PAIRS_PAGE,
  type BulkMergePairsQueryDto,
  type BulkMergeProgressView,
  type BulkMergeSummaryView,
  type BulkMergeView,
} from './bulk-merges.dto.js';

const PAIR_CURSOR = /^p(\d{1,6})$/;

/** An opaque cursor naming the first pair of the next page (pairs never move: a request's order is fixed). */
function encodePairCursor(index: number): string {
  return Buffer.from(`p${index}`, 'utf8').toString('base64url');
}

function decodePairCursor(cursor: string): number {
  const match = /^[A-Za-z0-9_-]{1,16}$/.test(cursor)
    ? PAIR_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    : null;
  if (!match) throw new ProblemException(400, 'invalid_cursor', 'The cursor is not one this list handed out');
  return Number(match[1]);
}

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

/** The bulk merge with its progress over every pair, without the pairs. */
export function toBulkMergeSummary(bulk: Stored<BulkMerge>): BulkMergeSummaryView {
  const progress = progressOf(bulk);
  const finished = bulk.status === 'done' && bulk.startedAt && bulk.finishedAt;
  return {
    id: bulk._id.toHexString(),
    idempotencyKey: bulk.idempotencyKey,
    status: bulk.status,
    actorKind: bulk.actor.kind,
    actorId: bulk.actor.id,
    progress,
    report: finished ? { pairs: progress, durationMs: bulk.finishedAt!.getTime() - bulk.startedAt!.getTime() } : null,
    createdAt: bulk.createdAt.toISOString(),
    startedAt: bulk.startedAt?.toISOString() ?? null,
    finishedAt: bulk.finishedAt?.toISOString() ?? null,
  };
}

/** The bulk merge with its progress over every pair, and one page of the pairs themselves. */
export function toBulkMergeView(bulk: Stored<BulkMerge>, query: BulkMergePairsQueryDto = {}): BulkMergeView {
  const summary = toBulkMergeSummary(bulk);
  const from = query.cursor ? decodePairCursor(query.cursor) : 0;
  const to = Math.min(from + (query.limit ?? DEFAULT_BULK_PAIRS_PAGE), bulk.pairs.length);
  return {
    id: summary.id,
    idempotencyKey: summary.idempotencyKey,
    status: summary.status,
    actorKind: summary.actorKind,
    actorId: summary.actorId,
    progress: summary.progress,
    pairs: bulk.pairs.slice(from, to).map(({ survivorId, victimId, result }, offset) => ({
      index: from + offset,
      survivorId,
      victimId,
      result: result ?? null,
    })),
    nextCursor: to < bulk.pairs.length ? encodePairCursor(to) : null,
    report: summary.report,
    createdAt: summary.createdAt,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
  };
}
