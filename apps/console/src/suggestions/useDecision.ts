import { useState } from 'react';
import { isUnauthorized } from '../api';
import { decidedSuggestion } from './api';
import type { SuggestionSummary } from './types';

export interface DecisionCallbacks {
  /** A newer version of the suggestion the api answered with. */
  onSuggestion: (suggestion: SuggestionSummary) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

/**
 * What the merge and reject dialogs share: sends the decision and closes on success, signs out when the token is
 * refused, and when someone else decided first shows what happened (`outcome`) instead of failing. `decided` is set
 * once the suggestion left the list.
 */
export function useDecision(decided: SuggestionSummary | undefined, callbacks: DecisionCallbacks) {
  const [submitting, setSubmitting] = useState(false);
  const [answered, setAnswered] = useState<SuggestionSummary | undefined>();

  /** Sends the decision; any other failure goes to `onFailure` for the dialog to explain. */
  async function decide(call: () => Promise<SuggestionSummary>, onFailure: (error: unknown) => void): Promise<void> {
    setSubmitting(true);
    try {
      callbacks.onSuggestion(await call());
      callbacks.onClose();
    } catch (error) {
      setSubmitting(false);
      const current = decidedSuggestion(error);
      if (isUnauthorized(error)) {
        callbacks.onUnauthorized();
      } else if (current) {
        callbacks.onSuggestion(current);
        setAnswered(current);
      } else {
        onFailure(error);
      }
    }
  }

  // Our own decision closes the dialog: an outcome is always someone else's.
  return { submitting, outcome: submitting ? undefined : (answered ?? decided), decide };
}
