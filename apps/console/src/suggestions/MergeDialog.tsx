import { useEffect, useId, useState } from 'react';
import { ApiError, isUnauthorized, messageOf } from '../api';
import { Modal, ModalActions } from '../Modal';
import { acceptSuggestion, previewMerge } from './api';
import { BlockExplanation } from './BlockExplanation';
import { blocksOfProblem, conflictInWords, movesInWords, type Party } from './describe';
import { defaultSurvivor, keptAndRemoved } from './parties';
import { SuggestionOutcome } from './SuggestionOutcome';
import type { KnownSuggestion, MergeBlock, MergePreview, SuggestionSummary } from './types';
import { useDecision, type DecisionCallbacks } from './useDecision';

interface MergeDialogProps extends DecisionCallbacks {
  token: string;
  suggestion: KnownSuggestion;
  /** Set once the suggestion left the list: someone decided it. */
  decided?: SuggestionSummary;
  parties: Party[];
}

type PreviewState =
  { phase: 'loading' } | { phase: 'ready'; preview: MergePreview } | { phase: 'failed'; message: string };

interface MergeFailure {
  message: string;
  blocks?: MergeBlock[];
}

const WARNINGS: Record<string, string> = {
  both_recently_active:
    'Both profiles were active in the last 30 days: merging two profiles in use can confuse the customer.',
};

/** Why the merge could not be started, in words (a guard's refusal with its explanation). */
function mergeFailure(error: unknown): MergeFailure {
  if (!(error instanceof ApiError)) return { message: 'The merge could not be started. Please try again.' };
  switch (error.code) {
    case 'merge_blocked':
      return { message: 'A guard refuses this merge.', blocks: blocksOfProblem(error.extensions) };
    case 'merge_in_progress':
      return { message: 'One of these customers is being merged right now. Try again in a moment.' };
    case 'customer_merged':
      return { message: 'One of these customers was merged elsewhere meanwhile.' };
    default:
      return { message: messageOf(error, 'The merge could not be started.') };
  }
}

/** Preview of the merge a suggestion proposes, with the choice of the profile kept, and the merge itself. */
export function MergeDialog({ token, suggestion, decided, parties, ...callbacks }: MergeDialogProps) {
  const { onClose, onUnauthorized } = callbacks;
  const titleId = useId();
  const [survivorId, setSurvivorId] = useState(() => defaultSurvivor(suggestion, parties));
  const proposedId = defaultSurvivor(suggestion, parties);
  const [preview, setPreview] = useState<PreviewState>({ phase: 'loading' });
  const [failure, setFailure] = useState<MergeFailure | null>(null);
  const { submitting, outcome, decide } = useDecision(decided, callbacks);

  const [survivor, victim] = keptAndRemoved(parties, survivorId);
  const victimId = victim.id;
  // A blocked suggestion's blocks were computed keeping the customer whose change found the match.
  const [openedFrom, openedAgainst] = keptAndRemoved(parties, suggestion.openedFrom ?? suggestion.customerIds[0]);

  useEffect(() => {
    const controller = new AbortController();
    setPreview({ phase: 'loading' });
    previewMerge(token, survivorId, [victimId], controller.signal).then(
      (result) => setPreview({ phase: 'ready', preview: result }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) onUnauthorized();
        setPreview({ phase: 'failed', message: messageOf(error, 'The preview could not be loaded.') });
      },
    );
    return () => controller.abort();
  }, [token, survivorId, victimId, onUnauthorized]);

  function merge(): void {
    setFailure(null);
    void decide(
      async () => (await acceptSuggestion(token, suggestion.id, survivorId)).suggestion,
      (error) => setFailure(mergeFailure(error)),
    );
  }

  const blockedNow = suggestion.status === 'blocked';
  const ready = preview.phase === 'ready' ? preview.preview : undefined;
  const previewBlocks = ready ? ready.blocks.flatMap((entry) => entry.blocks) : [];
  const blocks = failure?.blocks?.length ? failure.blocks : previewBlocks;
  const canMerge = !outcome && !blockedNow && ready !== undefined && blocks.length === 0 && !submitting;
  // What refuses this merge: the preview's or the attempt's blocks for the chosen survivor, else the suggestion's
  // own, which were computed keeping the customer it was opened from.
  const refusal =
    blocks.length > 0
      ? { blocks, survivor: survivor.label, victim: victim.label }
      : blockedNow && suggestion.blocks.length > 0
        ? { blocks: suggestion.blocks, survivor: openedFrom.label, victim: openedAgainst.label }
        : undefined;

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="merge-dialog">
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

            {preview.phase === 'loading' ? (
              <p className="muted" role="status" aria-busy="true">
                Loading preview…
              </p>
            ) : null}
            {preview.phase === 'failed' ? (
              <p className="alert" role="alert">
                {preview.message}
              </p>
            ) : null}
            {ready ? <PreviewDetails preview={ready} survivorId={survivor.id} /> : null}

            {refusal ? <BlockExplanation {...refusal} testId="merge-blocked" /> : null}
            {failure && !failure.blocks?.length ? (
              <p className="alert" role="alert" data-testid="merge-error">
                {failure.message}
              </p>
            ) : null}
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

function PreviewDetails({ preview, survivorId }: { preview: MergePreview; survivorId: string }) {
  const moves = movesInWords(preview.moves);
  const { result } = preview;
  return (
    <div className="preview" data-testid="merge-preview">
      <h3>What moves</h3>
      {moves.length > 0 ? (
        <ul className="moves" data-testid="merge-moves">
          {moves.map((move) => (
            <li key={move}>{move}</li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="merge-moves">
          Nothing but the profile itself.
        </p>
      )}

      <h3>Result</h3>
      <dl className="fields" data-testid="merge-result">
        <dt>Name</dt>
        <dd>{result.name ?? <span className="muted">none</span>}</dd>
        <dt>Kind</dt>
        <dd>{result.kind === 'member' ? 'Member' : 'Contact'}</dd>
        <dt>Contact data</dt>
        <dd>
          {result.contactData.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain">
              {result.contactData.map((contact) => (
                <li key={`${contact.type}:${contact.value}`}>
                  {contact.type} {contact.value}
                  {contact.grantsAccess ? <span className="badge">grants access</span> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Unique identifiers</dt>
        <dd>
          {result.uniqueIdentifiers.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain">
              {result.uniqueIdentifiers.map((identifier) => (
                <li key={`${identifier.type}:${identifier.value}`}>
                  {identifier.type} {identifier.value}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      {preview.conflicts.length > 0 ? (
        <>
          <h3>Differences</h3>
          <p className="muted small">The profiles disagree here; the result above shows the value kept.</p>
          <ul className="conflicts" data-testid="merge-conflicts">
            {preview.conflicts.map((conflict) => (
              <li key={conflict.field}>{conflictInWords(conflict, survivorId)}</li>
            ))}
          </ul>
        </>
      ) : null}

      {preview.warnings.length > 0 ? (
        <ul className="warnings" role="note" data-testid="merge-warnings">
          {preview.warnings.map((warning, index) => (
            <li key={`${warning.code}:${index}`}>{WARNINGS[warning.code] ?? warning.code.replaceAll('_', ' ')}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
