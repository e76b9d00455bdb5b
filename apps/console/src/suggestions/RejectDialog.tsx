import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { Modal, ModalActions } from '../Modal';
import { rejectSuggestion } from './api';
import { outcomeInWords, type Party } from './describe';
import type { SuggestionSummary } from './types';

interface RejectDialogProps {
  token: string;
  suggestionId: string;
  /** Set once the suggestion left the list: someone decided it. */
  decided?: SuggestionSummary;
  parties: Party[];
  onSuggestion: (suggestion: SuggestionSummary) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

export const MAX_REASON_LENGTH = 500;

/** "Not the same person": asks for nothing but an optional reason. */
export function RejectDialog(props: RejectDialogProps) {
  const { token, suggestionId, decided, parties, onSuggestion, onClose, onUnauthorized } = props;
  const titleId = useId();
  const reasonId = useId();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answered, setAnswered] = useState<SuggestionSummary | undefined>();

  async function handleSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (submitting) return;
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setSubmitting(true);
    setError(null);
    try {
      onSuggestion(await rejectSuggestion(token, suggestionId, reason || undefined));
      onClose();
    } catch (caught) {
      setSubmitting(false);
      if (caught instanceof ApiError && caught.status === 401) {
        onUnauthorized();
      } else if (caught instanceof ApiError && caught.code === 'suggestion_decided' && caught.extensions.suggestion) {
        const current = caught.extensions.suggestion as SuggestionSummary;
        onSuggestion(current);
        setAnswered(current);
      } else {
        setError(
          caught instanceof ApiError ? (caught.detail ?? caught.title) : 'Something went wrong. Please try again.',
        );
      }
    }
  }

  const outcome = submitting ? undefined : (answered ?? decided);

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="reject-dialog">
      <form className="modal-body" method="dialog" onSubmit={(event) => void handleSubmit(event)}>
        <h2 id={titleId}>Not the same person?</h2>
        {outcome ? (
          <p className="notice" role="status" data-testid="suggestion-outcome" data-status={outcome.status}>
            {outcomeInWords(outcome.status)}
          </p>
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
          onClose={onClose}
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
