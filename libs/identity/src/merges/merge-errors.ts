import type { MergeBlock } from '@app/domain';

/** Why a merge cannot be planned or started; the api maps each to a problem with a stable code. */
export class MergeRefusedError extends Error {
  constructor(
    readonly code:
      | 'customer_not_found'
      | 'customer_merged'
      | 'invalid_merge'
      | 'merge_blocked'
      | 'merge_in_progress'
      | 'invalid_pick',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MergeRefusedError';
  }
}

export const mergeBlocked = (blocks: { victimId: string; blocks: MergeBlock[] }[]): MergeRefusedError =>
  new MergeRefusedError('merge_blocked', 'a guard refuses this merge', { blocks });
