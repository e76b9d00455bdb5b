import { outcomeInWords } from './describe';
import type { SuggestionSummary } from './types';

/** What happened to a suggestion someone else decided while the dialog was open. */
export function SuggestionOutcome({ outcome }: { outcome: SuggestionSummary }) {
  return (
    <p className="notice" role="status" data-testid="suggestion-outcome" data-status={outcome.status}>
      {outcomeInWords(outcome.status)}
    </p>
  );
}
