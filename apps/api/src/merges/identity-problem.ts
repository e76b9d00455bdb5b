import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { MergeRefusedError, SuggestionDecisionError, suggestionView } from '@app/identity';
import { ProblemDetailsFilter, ProblemException } from '@app/http';

type IdentityError = MergeRefusedError | SuggestionDecisionError;

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
};

/**
 * The problem an identity refusal answers with: its stable code, and what a console needs to show it — the guard's
 * explanation of a blocked merge, the survivor of a merged customer, the current state of a suggestion decided by
 * someone else.
 */
export function identityProblem(error: IdentityError): ProblemException {
  const extensions =
    error instanceof MergeRefusedError
      ? error.details
      : error.suggestion
        ? { suggestion: suggestionView(error.suggestion) }
        : {};
  return new ProblemException(STATUS[error.code], error.code, error.message, extensions);
}

/** Answers the identity services' refusals of merges and suggestion decisions as problem+json. */
@Catch(MergeRefusedError, SuggestionDecisionError)
export class IdentityProblemFilter implements ExceptionFilter<IdentityError> {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: IdentityError, host: ArgumentsHost): void {
    this.problems.catch(identityProblem(error), host);
  }
}
