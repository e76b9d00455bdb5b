import { useId, useState } from 'react';
import { mergeFailure, type MergeFailure } from '../merges/mergeFailure';
import { MergeReview, refusalOf } from '../merges/MergeReview';
import type { MergePicks } from '../merges/picks';
import { useMergePreview } from '../merges/useMergePreview';
import { Modal, ModalActions } from '../Modal';
import { acceptSuggestion } from './api';
import type { Party } from './describe';
import { defaultSurvivor, keptAndRemoved } from './parties';
import { SuggestionOutcome } from './SuggestionOutcome';
import type { KnownSuggestion, SuggestionSummary } from './types';
import { useDecision, type DecisionCallbacks } from './useDecision';

interface MergeDialogProps extends DecisionCallbacks {
  token: string;
  suggestion: KnownSuggestion;
  /** Set once the suggestion left the list: someone decided it. */
  decided?: SuggestionSummary;
  parties: Party[];
}

/** Preview of the merge a suggestion proposes, with the choice of the profile kept, and the merge itself. */
export function MergeDialog({ token, suggestion, decided, parties, ...callbacks }: MergeDialogProps) {
  const { onClose, onUnauthorized } = callbacks;
  const titleId = useId();
  const [survivorId, setSurvivorId] = useState(() => defaultSurvivor(suggestion, parties));
  const proposedId = defaultSurvivor(suggestion, parties);
  const [picks, setPicks] = useState<MergePicks>({});
  const [failure, setFailure] = useState<MergeFailure | null>(null);
  const { submitting, outcome, decide } = useDecision(decided, callbacks);

  const [survivor, victim] = keptAndRemoved(parties, survivorId);
  const victimId = victim.id;
  // A blocked suggestion's blocks were computed keeping the customer whose change found the match.
  const [openedFrom, openedAgainst] = keptAndRemoved(parties, suggestion.openedFrom ?? suggestion.customerIds[0]);

  const preview = useMergePreview(token, survivorId, victimId, picks, onUnauthorized);

  function merge(): void {
    setFailure(null);
    void decide(
      async () => (await acceptSuggestion(token, suggestion.id, survivorId, picks)).suggestion,
      (error) => setFailure(mergeFailure(error)),
    );
  }

  const blockedNow = suggestion.status === 'blocked';
  // What refuses this merge: the preview's or the attempt's blocks for the chosen survivor, else the suggestion's
  // own, which were computed keeping the customer it was opened from.
  const refusal =
    refusalOf(failure, preview, survivor, victim) ??
    (blockedNow && suggestion.blocks.length > 0
      ? { blocks: suggestion.blocks, survivor: openedFrom.label, victim: openedAgainst.label }
      : undefined);
  const canMerge = !outcome && !blockedNow && preview.preview !== undefined && !refusal && !submitting;

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="merge-dialog" wide>
      <form
        className="modal-body"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (canMerge) merge();
        }}
      >
        <h2 id={titleId}>Merge customers</h2>

        {outcome ? (
          <SuggestionOutcome outcome={outcome} />
        ) : (
          <>
            <fieldset className="choice" disabled={submitting}>
              <legend>Which profile is kept?</legend>
              {parties.map((party) => (
                <label key={party.id} className="choice-option">
                  <input
                    type="radio"
                    name="survivor"
                    value={party.id}
                    checked={party.id === survivor.id}
                    onChange={() => {
                      setSurvivorId(party.id);
                      setFailure(null);
                    }}
                  />
                  Keep {party.label}
                  {party.id === proposedId ? <span className="muted small"> (older profile, proposed)</span> : null}
                </label>
              ))}
            </fieldset>

            <p data-testid="merge-removed">
              <strong>{victim.label}</strong> will be removed; everything it holds moves to{' '}
              <strong>{survivor.label}</strong>.
            </p>

            <MergeReview
              token={token}
              onUnauthorized={onUnauthorized}
              survivor={survivor}
              victim={victim}
              state={preview}
              picks={picks}
              onPick={(field, customerId) => {
                setPicks((current) => ({ ...current, [field]: customerId }));
                setFailure(null);
              }}
              submitting={submitting}
              refusal={refusal}
              failure={failure}
            />
          </>
        )}

        <ModalActions
          decided={Boolean(outcome)}
          onClose={onClose}
          confirm={{
            label: 'Merge',
            variant: 'primary',
            disabled: !canMerge,
            busy: submitting,
            testId: 'merge-confirm',
          }}
        />
      </form>
    </Modal>
  );
}
