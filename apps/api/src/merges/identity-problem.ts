import {
  DetachRefusedError,
  MergeRefusedError,
  MoveRefusedError,
  SuggestionDecisionError,
  suggestionView,
  UndoRefusedError,
} from '@app/identity';
import { ProblemException } from '@app/http';

type IdentityError =
  MergeRefusedError | SuggestionDecisionError | DetachRefusedError | UndoRefusedError | MoveRefusedError;

/** Every refusal code of the identity services has its status here; a new code fails to compile until it has one. */
const STATUS: Record<IdentityError['code'], number> = {
  suggestion_not_found: 404,
  suggestion_decided: 409,
  invalid_survivor: 400,
  customer_not_found: 404,
  customer_merged: 409,
  invalid_merge: 400,
  invalid_pick: 400,
  merge_blocked: 409,
  merge_in_progress: 409,
  identity_not_found: 404,
  only_identity: 409,
  customer_busy: 409,
  merge_not_found: 404,
  merge_not_done: 409,
  undo_blocked: 409,
  conversation_not_found: 404,
  same_customer: 409,
  conversation_moved: 409,
  move_not_found: 404,
  move_not_done: 409,
  detach_not_found: 404,
  detach_not_done: 409,
};

/**
 * The problem an identity refusal answers with (the api's `ProblemDetailsFilter` asks, for every error): its stable
 * code, and what a console needs to show it — the guard's explanation of a blocked merge, what stands in the way of
 * an undo, the survivor of a merged customer, the current state of a suggestion decided by someone else. `undefined` for any other error.
 */
export function identityProblem(error: unknown): ProblemException | undefined {
  if (
    error instanceof MergeRefusedError ||
    error instanceof DetachRefusedError ||
    error instanceof UndoRefusedError ||
    error instanceof MoveRefusedError
  ) {
    return new ProblemException(STATUS[error.code], error.code, error.message, error.details);
  }
  if (error instanceof SuggestionDecisionError) {
    const extensions = error.suggestion ? { suggestion: suggestionView(error.suggestion) } : {};
    return new ProblemException(STATUS[error.code], error.code, error.message, extensions);
  }
  return undefined;
}
