import { RetryAlert } from '../RetryAlert';
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
    return <RetryAlert message={loaded.message} onRetry={onRetry} />;
  }
  return null;
}
