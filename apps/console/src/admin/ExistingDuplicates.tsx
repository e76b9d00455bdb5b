import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { isUnauthorized, messageOf } from '../api';
import { useLatest } from '../useLatest';
import { fetchUniquenessRun, startUniquenessRun } from './api';
import type { UniquenessRun, UniquenessRunGroup } from './types';

const VALUE_WORDS: Record<string, string> = {
  email: 'an email address',
  phone: 'a phone number',
  referenceCode: 'a reference code',
};

/** How often a run in the worker is read again while it goes on. */
const POLL_MS = 1_000;

interface Props {
  token: string;
  onUnauthorized: () => void;
  /** The attribute the saved settings enforce. */
  enforceUniqueBy: string;
}

/**
 * Switching uniqueness on merges nobody by itself: an admin finds the existing duplicates (a dry run, changing
 * nothing), reads which groups would merge and which a guard refuses, then merges exactly those groups.
 */
export function ExistingDuplicates({ token, onUnauthorized, enforceUniqueBy }: Props) {
  const [runId, setRunId] = useState<string | null>(null);
  const [run, setRun] = useState<UniquenessRun | null>(null);
  const [dryRun, setDryRun] = useState<UniquenessRun | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const unauthorized = useLatest(onUnauthorized);

  useEffect(() => {
    if (!runId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (): void => {
      fetchUniquenessRun(token, runId, controller.signal).then(
        (value) => {
          setRun(value);
          if (value.dryRun && value.status === 'done') setDryRun(value);
          if (value.status !== 'done') timer = setTimeout(read, POLL_MS);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (isUnauthorized(error)) unauthorized.current();
          else setFailure(messageOf(error, 'The run could not be read.'));
        },
      );
    };
    read();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId, token, unauthorized]);

  async function start(body: { dryRun: boolean; dryRunId?: string }): Promise<void> {
    setFailure(null);
    try {
      const { id } = await startUniquenessRun(token, body);
      setRun(null);
      setRunId(id);
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(messageOf(error, 'The run could not be started.'));
    }
  }

  const running = run !== null && run.status !== 'done';
  const mergeable = dryRun?.report.filter((group) => group.outcome === 'would_merge').length ?? 0;
  const merging = run && !run.dryRun ? run : null;

  return (
    <section className="settings-duplicates" aria-labelledby="duplicates-title" data-testid="existing-duplicates">
      <h3 id="duplicates-title">Existing duplicates</h3>
      <p className="muted small">
        Customers that already share {VALUE_WORDS[enforceUniqueBy] ?? enforceUniqueBy} stay apart until you merge them
        here: the customer created first is kept, and everything of the others moves to it.
      </p>
      <div className="admin-inline-form">
        <button
          className="button button-secondary"
          type="button"
          disabled={running}
          onClick={() => void start({ dryRun: true })}
        >
          Find existing duplicates
        </button>
        {dryRun && !merging ? (
          <button
            className="button button-primary"
            type="button"
            disabled={running || mergeable === 0}
            onClick={() => void start({ dryRun: false, dryRunId: dryRun.id })}
          >
            Merge them ({mergeable} {mergeable === 1 ? 'group' : 'groups'})
          </button>
        ) : null}
      </div>
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      {run ? <Progress run={run} /> : null}
      {run && run.status === 'done' ? <Report groups={run.report} /> : null}
    </section>
  );
}

function Progress({ run }: { run: UniquenessRun }) {
  const { groups, done, merged, refused } = run.progress;
  const words =
    run.status !== 'done'
      ? run.dryRun
        ? `Looking for duplicates… ${done} of ${groups} groups checked.`
        : `Merging… ${done} of ${groups} groups done (${merged} merged, ${refused} refused).`
      : run.dryRun
        ? `${groups} ${groups === 1 ? 'group' : 'groups'} of duplicates: ${merged} would merge, ${refused} a guard refuses. Nothing was changed.`
        : `Done: ${merged} ${merged === 1 ? 'group' : 'groups'} merged, ${refused} refused.`;
  return (
    <p className="notice" role="status" data-testid="duplicates-progress" data-status={run.status}>
      {words}
    </p>
  );
}

const OUTCOME_WORDS: Record<NonNullable<UniquenessRunGroup['outcome']>, string> = {
  would_merge: 'would merge',
  merged: 'merged',
  already_merged: 'already merged',
  refused: 'refused',
};

function Report({ groups }: { groups: UniquenessRunGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <ul className="duplicates-report" data-testid="duplicates-report">
      {groups.map((group) => (
        <li key={group.survivorId} data-outcome={group.outcome}>
          <strong>{group.values.join(', ')}</strong>: keep{' '}
          <Link to={`/customers/${group.survivorId}`}>the original</Link>, merge{' '}
          {group.victimIds.length === 1 ? '1 newer customer' : `${group.victimIds.length} newer customers`} —{' '}
          {group.outcome ? OUTCOME_WORDS[group.outcome] : 'waiting'}
          {group.outcome === 'refused' && group.detail ? <span className="muted small"> ({group.detail})</span> : null}
        </li>
      ))}
    </ul>
  );
}
