import type { MergeField } from '@app/domain';
import { BlockExplanation } from '../suggestions/BlockExplanation';
import type { Party } from '../suggestions/describe';
import type { MergeBlock } from '../suggestions/types';
import { MergeAssets } from './MergeAssets';
import { MergePreviewDetails } from './MergePreviewDetails';
import type { MergeFailure } from './mergeFailure';
import { MergeSides } from './MergeSides';
import type { MergePicks } from './picks';
import type { MergePreviewState } from './useMergePreview';
import './merge.css';

/** A guard's refusal and whom it was computed for (kept, removed). */
export interface MergeRefusal {
  blocks: MergeBlock[];
  survivor: string;
  victim: string;
}

/** What refuses merging `victim` into `survivor`: the failed attempt's blocks, else the preview's. */
export function refusalOf(
  failure: MergeFailure | null,
  state: MergePreviewState,
  survivor: Party,
  victim: Party,
): MergeRefusal | undefined {
  const blocks = failure?.blocks?.length
    ? failure.blocks
    : (state.preview?.blocks.flatMap((entry) => entry.blocks) ?? []);
  return blocks.length > 0 ? { blocks, survivor: survivor.label, victim: victim.label } : undefined;
}

interface MergeReviewProps {
  token: string;
  onUnauthorized: () => void;
  survivor: Party;
  victim: Party;
  state: MergePreviewState;
  picks: MergePicks;
  onPick: (field: MergeField, customerId: string) => void;
  submitting: boolean;
  refusal?: MergeRefusal;
  failure: MergeFailure | null;
}

/**
 * Everything an agent decides a merge on, shared by the suggestion's dialog and the customer page's: both profiles
 * side by side, the preview with a pick per conflicting field, the guard's refusal, and why an attempt failed.
 */
export function MergeReview({ token, onUnauthorized, survivor, victim, state, ...review }: MergeReviewProps) {
  const { picks, onPick, submitting, refusal, failure } = review;
  return (
    <>
      <MergeSides token={token} survivorId={survivor.id} victimId={victim.id} onUnauthorized={onUnauthorized} />
      {state.loading ? (
        <p className="muted small" role="status" aria-busy="true" data-testid="merge-preview-loading">
          {state.preview ? 'Updating the preview…' : 'Loading preview…'}
        </p>
      ) : null}
      {state.error ? (
        <p className="alert" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.preview ? (
        <>
          <MergePreviewDetails preview={state.preview} picks={picks} onPick={onPick} disabled={submitting} />
          <MergeAssets token={token} onUnauthorized={onUnauthorized} survivorId={survivor.id} victimId={victim.id} />
        </>
      ) : null}
      {refusal ? <BlockExplanation {...refusal} testId="merge-blocked" /> : null}
      {failure && !failure.blocks?.length ? (
        <p className="alert" role="alert" data-testid="merge-error">
          {failure.message}
        </p>
      ) : null}
    </>
  );
}
