import { useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { RetryAlert } from '../RetryAlert';
import { useTitle } from '../useTitle';
import { fetchBulkMerges } from './api';
import { appendPage, durationText, outcomesText, pairsDone } from './bulkMergeProgress';
import { LoadState } from './LoadState';
import type { BulkMergePage, BulkMergeSummary } from './types';
import { useLoaded } from './useLoaded';

/** How often the first page is read again while a bulk merge on it is unfinished. */
const REFRESH_MS = 2_000;

/** Later pages read with "Show more", kept with the first page they follow (a refresh starts again). */
interface LaterPages {
  after: BulkMergePage;
  items: BulkMergeSummary[];
  nextCursor: string | null;
}

/**
 * The tenant's bulk merges, newest first: how far each has come and what became of its pairs (read only). While one
 * of the first page is unfinished the page reads it again every few seconds, unless later pages are shown.
 */
export function BulkMergesPage({ context }: { context: ConsoleContext }) {
  useTitle('Bulk merges');
  const { token, onUnauthorized } = context;
  const { loaded, reload } = useLoaded((signal) => fetchBulkMerges(token, null, signal), onUnauthorized);
  const [later, setLater] = useState<LaterPages | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  const first = loaded.phase === 'ready' ? loaded.value : null;
  const following = later && later.after === first ? later : null;
  const shown = first ? appendPage(first.items, following?.items ?? []) : [];
  const nextCursor = following ? following.nextCursor : (first?.nextCursor ?? null);

  const unfinished = !following && (first?.items.some((bulk) => bulk.status !== 'done') ?? false);
  useEffect(() => {
    if (!unfinished) return;
    const timer = setTimeout(reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [unfinished, first, reload]);

  const showMore = (): void => {
    if (!first || !nextCursor) return;
    setReading(true);
    setFailure(null);
    fetchBulkMerges(token, nextCursor).then(
      (page) => {
        setLater({ after: first, items: appendPage(following?.items ?? [], page.items), nextCursor: page.nextCursor });
        setReading(false);
      },
      (error: unknown) => {
        setReading(false);
        if (isUnauthorized(error)) onUnauthorized();
        else setFailure(messageOf(error, 'The next bulk merges could not be loaded.'));
      },
    );
  };

  return (
    <section className="card" aria-labelledby="bulk-title">
      <div className="card-header">
        <h2 id="bulk-title">Bulk merges</h2>
        <button className="button button-secondary button-small" type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <div className="card-body admin-body">
        <p className="muted small">
          Integrations and admins merge many pairs at once with <code>POST /api/v1/merges/bulk</code>; each pair is a
          merge of its own, undone like any other from the customer’s page.
        </p>
        <LoadState loaded={loaded} onRetry={reload} />
        {first && shown.length === 0 ? <p className="empty">No bulk merge yet.</p> : null}
        {shown.length > 0 ? (
          <table className="admin-table" data-testid="bulk-table">
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Key</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Outcomes</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((bulk) => (
                <tr key={bulk.id} data-testid="bulk-row" data-status={bulk.status}>
                  <td>{new Date(bulk.createdAt).toLocaleString()}</td>
                  <th scope="row">{bulk.idempotencyKey}</th>
                  <td>{bulk.actorKind === 'connector' ? 'an integration (connector key)' : 'an admin'}</td>
                  <td>
                    <span className={bulk.status === 'done' ? 'admin-pill admin-pill-on' : 'admin-pill'}>
                      {bulk.status}
                    </span>
                  </td>
                  <td>
                    <progress max={bulk.progress.total} value={bulk.progress.done} aria-label={pairsDone(bulk)} />{' '}
                    <span className="small">{pairsDone(bulk)}</span>
                  </td>
                  <td className="small">{outcomesText(bulk)}</td>
                  <td>{bulk.report ? durationText(bulk.report.durationMs) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {failure ? <RetryAlert message={failure} onRetry={showMore} /> : null}
        {nextCursor ? (
          <button className="button button-secondary" type="button" onClick={showMore} disabled={reading}>
            {reading ? 'Loading…' : 'Show more'}
          </button>
        ) : null}
      </div>
    </section>
  );
}
