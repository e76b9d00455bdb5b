import { ActivityList } from './ActivityList';
import { ConnectionStatus } from './ConnectionStatus';
import { MergedNotices } from './MergedNotices';
import { customerLabel } from './suggestions/customerDirectory';
import { SuggestionsPanel } from './suggestions/SuggestionsPanel';
import { useSuggestions } from './suggestions/useSuggestions';
import type { CurrentUser } from './types';
import { useMergedNotices } from './useMergedNotices';
import { useRealtime } from './useRealtime';

interface HomePageProps {
  token: string;
  user: CurrentUser;
  onSignOut: () => void;
  /** The realtime server refused the token. */
  onUnauthorized: () => void;
}

export function HomePage({ token, user, onSignOut, onUnauthorized }: HomePageProps) {
  const { state, activity, socket } = useRealtime(token, onUnauthorized);
  const suggestions = useSuggestions(token, socket, onUnauthorized);
  const merged = useMergedNotices(socket);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-brand">
          <span className="logo" aria-hidden="true">
            CC
          </span>
          <h1 className="product">Contact Center</h1>
        </div>
        <div className="topbar-end">
          <ConnectionStatus state={state} />
          <div className="user">
            <span className="user-name" data-testid="current-user">{`${user.name} · ${user.role}`}</span>
            <span className="user-tenant">
              Tenant <code data-testid="tenant-id">{user.tenantId}</code>
            </span>
          </div>
          <button className="button button-secondary" type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>

      <main className="content">
        <MergedNotices
          notices={merged.notices}
          label={(id) => customerLabel(id, suggestions.customers)}
          onDismiss={merged.dismiss}
        />
        <SuggestionsPanel token={token} suggestions={suggestions} onUnauthorized={onUnauthorized} />
        <section className="card" aria-labelledby="activity-title">
          <div className="card-header">
            <h2 id="activity-title">Recent activity</h2>
            <span className="muted small">
              {activity.length === 0 ? 'Waiting for events' : `Last ${activity.length}`}
            </span>
          </div>
          <ActivityList entries={activity} />
        </section>
      </main>
    </div>
  );
}
