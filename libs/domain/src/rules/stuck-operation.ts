/** The states a journaled operation (merge, detach, undo, …) passes through. */
export type OperationStatus = 'pending' | 'refused' | 'running' | 'done';

export interface OperationProgress {
  status: OperationStatus;
  /** When its journal last moved: a step recorded, or the heartbeat of the executor running it. */
  updatedAt: Date;
}

/**
 * What to do with an operation that may have been left behind: `resume` a running one (its job failed for good, its
 * enqueue failed, or its worker died), `abandon` a pending one (its starter died while taking the locks or planning:
 * it has no intent to run, so its locks are given back), and leave anything that moved within `thresholdMs` or is
 * over.
 */
export type StuckOperationAction = 'none' | 'resume' | 'abandon';

export function stuckOperationAction(
  operation: OperationProgress,
  now: Date,
  thresholdMs: number,
): StuckOperationAction {
  if (operation.status !== 'running' && operation.status !== 'pending') return 'none';
  if (now.getTime() - operation.updatedAt.getTime() < thresholdMs) return 'none';
  return operation.status === 'running' ? 'resume' : 'abandon';
}
