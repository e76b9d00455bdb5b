import { ApiError, messageOf } from '../api';
import { blocksOfProblem } from '../suggestions/describe';
import type { MergeBlock } from '../suggestions/types';

export interface MergeFailure {
  message: string;
  blocks?: MergeBlock[];
}

/** Why the merge could not be started, in words (a guard's refusal with its explanation). */
export function mergeFailure(error: unknown): MergeFailure {
  if (!(error instanceof ApiError)) return { message: 'The merge could not be started. Please try again.' };
  switch (error.code) {
    case 'merge_blocked':
      return { message: 'A guard refuses this merge.', blocks: blocksOfProblem(error.extensions) };
    case 'merge_in_progress':
      return { message: 'One of these customers is being merged right now. Try again in a moment.' };
    case 'customer_merged':
      return { message: 'One of these customers was merged elsewhere meanwhile.' };
    case 'invalid_pick':
      return { message: 'A value you chose is no longer on that profile. Close and open the preview again.' };
    default:
      return { message: messageOf(error, 'The merge could not be started.') };
  }
}
