import type { Loaded } from './useLoaded';

/** What a list shows while it loads or after it failed, with a way to try again. */
export function LoadState({ loaded, onRetry }: { loaded: Loaded<unknown>; onRetry: () => void }) {
  if (loaded.phase === 'loading') {
    return (
      <p className="empty muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  if (loaded.phase === 'failed') {
    return (
      <div className="panel-alert" role="alert">
        <p>{loaded.message}</p>
        <button className="button button-secondary button-small" type="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return null;
}
