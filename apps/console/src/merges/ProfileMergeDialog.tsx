import { useEffect, useId, useRef, useState } from 'react';
import { isUnauthorized } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { CustomerSearch } from '../customers/CustomerSearch';
import { customerName } from '../customers/format';
import type { CustomerProfile, CustomerSummary } from '../customers/types';
import { Modal, ModalActions } from '../Modal';
import type { Party } from '../suggestions/describe';
import { useSocketEvent } from '../useSocketEvent';
import { startMerge } from './api';
import { mergeFailure, type MergeFailure } from './mergeFailure';
import { MergeReview, refusalOf } from './MergeReview';
import type { MergePicks } from './picks';
import { useMergePreview } from './useMergePreview';

/** `with`: this profile is kept and the found one removed; `into`: this one is removed, the found one kept. */
export type MergeDirection = 'with' | 'into';

interface ProfileMergeDialogProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  direction: MergeDirection;
  onClose: () => void;
  /** The merge is done: `survivorId` holds everything now. */
  onMerged: (survivorId: string) => void;
}

const WORDS: Record<MergeDirection, { title: string; search: string; explain: string }> = {
  with: {
    title: 'Merge with another profile',
    search: 'Find the other profile of this person',
    explain: 'keeps this profile; the one you find is removed and everything it holds moves here.',
  },
  into: {
    title: 'Merge into another profile',
    search: 'Find the profile to keep',
    explain: 'removes this profile; everything it holds moves to the one you find, which is kept.',
  },
};

/** A merge started from a customer page: search the other profile, review the preview, pick, confirm. */
export function ProfileMergeDialog({ context, customer, direction, onClose, onMerged }: ProfileMergeDialogProps) {
  const titleId = useId();
  const words = WORDS[direction];
  const [query, setQuery] = useState('');
  const [other, setOther] = useState<CustomerSummary | null>(null);

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="profile-merge-dialog" wide>
      <div className="modal-body">
        <h2 id={titleId}>{words.title}</h2>
        {other ? (
          <MergeConfirmation
            context={context}
            here={{ id: customer.id, label: customerName(customer) }}
            found={{ id: other.id, label: customerName(other) }}
            direction={direction}
            onChange={() => setOther(null)}
            onClose={onClose}
            onMerged={onMerged}
          />
        ) : (
          <>
            <p>
              Merging <strong>{customerName(customer)}</strong> this way {words.explain}
            </p>
            <CustomerSearch
              token={context.token}
              onUnauthorized={context.onUnauthorized}
              query={query}
              onQueryChange={setQuery}
              onPick={setOther}
              exclude={customer.id}
              label={words.search}
              autoFocus
            />
            <div className="modal-actions">
              <button className="button button-secondary" type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}

interface MergeConfirmationProps {
  context: ConsoleContext;
  /** The customer whose page the merge started from, and the one found by search. */
  here: Party;
  found: Party;
  direction: MergeDirection;
  onChange: () => void;
  onClose: () => void;
  onMerged: (survivorId: string) => void;
}

/** The chosen pair: both profiles, the preview with its picks, the guard's word, and the merge. */
function MergeConfirmation({ context, here, found, direction, onChange, onClose, onMerged }: MergeConfirmationProps) {
  const { token, onUnauthorized } = context;
  const [survivor, victim] = direction === 'with' ? [here, found] : [found, here];
  const [picks, setPicks] = useState<MergePicks>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<MergeFailure | null>(null);
  /** The merge the worker is finishing (202), and every merge the socket said is done since we sent ours. */
  const [running, setRunning] = useState<string | null>(null);
  const finished = useRef(new Set<string>());
  const summary = useRef<HTMLParagraphElement>(null);
  const preview = useMergePreview(token, survivor.id, victim.id, picks, onUnauthorized);

  const mounted = useRef(false);

  // The search that had focus is gone: the agent continues from the summary of what is about to happen.
  useEffect(() => {
    mounted.current = true;
    summary.current?.focus();
    return () => {
      mounted.current = false;
    };
  }, []);

  useSocketEvent(context.socket, 'customer.merged', (event) => {
    finished.current.add(event.mergeId);
    if (event.mergeId === running) onMerged(event.survivorId);
  });

  async function merge(): Promise<void> {
    setSubmitting(true);
    setFailure(null);
    try {
      const started = await startMerge(token, { survivorId: survivor.id, victimIds: [victim.id], picks });
      // The page may have moved on by itself (it follows its customer when it is merged away).
      if (!mounted.current) return;
      if (started.status === 'done' || finished.current.has(started.id)) onMerged(started.survivorId);
      else setRunning(started.id);
    } catch (error) {
      setSubmitting(false);
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(mergeFailure(error));
    }
  }

  const refusal = refusalOf(failure, preview, survivor, victim);
  const canMerge = preview.preview !== undefined && !refusal && !submitting;

  return (
    <form
      className="modal-stack"
      method="dialog"
      onSubmit={(event) => {
        event.preventDefault();
        if (canMerge) void merge();
      }}
    >
      <p className="notice" data-testid="merge-summary" tabIndex={-1} ref={summary}>
        <span>
          Keep <strong>{survivor.label}</strong>; <strong>{victim.label}</strong> is removed and everything it holds
          moves over.
        </span>{' '}
        <button className="link-button" type="button" onClick={onChange} disabled={submitting}>
          Choose another profile
        </button>
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
      {running ? (
        <p className="muted" role="status" data-testid="merge-running">
          Merging… the conversations are still moving; you will land on {survivor.label} when they have.
        </p>
      ) : null}
      <ModalActions
        decided={false}
        onClose={onClose}
        confirm={{ label: 'Merge', variant: 'primary', disabled: !canMerge, busy: submitting, testId: 'merge-confirm' }}
      />
    </form>
  );
}
