import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api';
import { Modal, ModalActions } from '../Modal';
import { rejectSuggestion } from './api';
import type { Party } from './describe';
import { SuggestionOutcome } from './SuggestionOutcome';
import type { SuggestionSummary } from './types';
import { useDecision, type DecisionCallbacks } from './useDecision';

interface RejectDialogProps extends DecisionCallbacks {
  token: string;
  suggestionId: string;
  /** Set once the suggestion left the list: someone decided it. */
  decided?: SuggestionSummary;
  parties: Party[];
}

const MAX_REASON_LENGTH = 500;

/** "Not the same person": asks for nothing but an optional reason. */
export function RejectDialog({ token, suggestionId, decided, parties, ...callbacks }: RejectDialogProps) {
  const titleId = useId();
  const reasonId = useId();
  const { submitting, outcome, decide } = useDecision(decided, callbacks);
  const [error, setError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (submitting) return;
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setError(null);
    void decide(
      () => rejectSuggestion(token, suggestionId, reason || undefined),
      (caught) => setError(messageOf(caught, 'Something went wrong. Please try again.')),
    );
  }

  return (
    <Modal labelledBy={titleId} onClose={callbacks.onClose} testId="reject-dialog">
      <form className="modal-body" method="dialog" onSubmit={handleSubmit}>
        <h2 id={titleId}>Not the same person?</h2>
        {outcome ? (
          <SuggestionOutcome outcome={outcome} />
        ) : (
          <>
            <p>
              {parties[0].label} and {parties[1].label} stay two profiles, and this pair is not suggested again unless
              new kinds of evidence appear.
            </p>
            <div className="field">
              <label htmlFor={reasonId}>Reason (optional)</label>
              <textarea id={reasonId} name="reason" rows={2} maxLength={MAX_REASON_LENGTH} disabled={submitting} />
            </div>
            {error ? (
              <p className="alert" role="alert">
                {error}
              </p>
            ) : null}
          </>
        )}
        <ModalActions
          decided={Boolean(outcome)}
          onClose={callbacks.onClose}
          confirm={{
            label: 'Reject',
            variant: 'danger',
            disabled: submitting,
            busy: submitting,
            testId: 'reject-confirm',
          }}
        />
      </form>
    </Modal>
  );
}
