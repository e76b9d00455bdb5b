import { Link, NavLink, Route, Routes } from 'react-router';
import type { SessionRevokedReason } from '@app/realtime';
import { ActivityList } from './ActivityList';
import { AdminPage, isAdmin } from './admin/AdminPage';
import type { ConsoleContext } from './consoleContext';
import { ConnectionStatus } from './ConnectionStatus';
import { CustomerRoute } from './customers/CustomerPage';
import { CustomerSearchPage } from './customers/CustomerSearchPage';
import { MergedNotices } from './MergedNotices';
import { customerLabel } from './suggestions/customerDirectory';
import { SuggestionsPanel } from './suggestions/SuggestionsPanel';
import { useSuggestions, type Suggestions } from './suggestions/useSuggestions';
import type { CurrentUser } from './types';
import { useMergedNotices } from './useMergedNotices';
import { useRealtime, type ActivityEntry } from './useRealtime';
import { useSocketEvent } from './useSocketEvent';
import { useTitle } from './useTitle';

interface HomePageProps {
  token: string;
  user: CurrentUser;
  onSignOut: () => void;
  /** The realtime server refused the token. */
  onUnauthorized: () => void;
  /** The server ended this user's sessions (`session.revoked`). */
  onSessionRevoked: (reason: SessionRevokedReason) => void;
}

/** The signed-in console: the header with its navigation, and the page the address names. */
export function HomePage({ token, user, onSignOut, onUnauthorized, onSessionRevoked }: HomePageProps) {
  const { state, activity, socket } = useRealtime(token, onUnauthorized);
  const suggestions = useSuggestions(token, socket, onUnauthorized);
  const merged = useMergedNotices(socket);
  const context: ConsoleContext = { token, user, socket, connection: state, onUnauthorized };
  useSocketEvent(socket, 'session.revoked', (event) => onSessionRevoked(event.reason));

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-brand">
          <Link to="/" className="brand-link" aria-label="Contact Center, suggestions">
            <span className="logo" aria-hidden="true">
              CC
            </span>
            <span className="product">Contact Center</span>
          </Link>
          <nav className="nav" aria-label="Main">
            <NavLink to="/" end className="nav-link">
              Suggestions
            </NavLink>
            <NavLink to="/customers" className="nav-link">
              Customers
            </NavLink>
            {isAdmin(user.role) ? (
              <NavLink to="/admin" className="nav-link">
                Admin
              </NavLink>
            ) : null}
          </nav>
        </div>
        <div className="topbar-end">
          <ConnectionStatus state={state} />
          <div className="user">
            <span className="user-name" data-testid="current-user">{`${user.name} · ${user.role}`}</span>
            <span className="user-tenant" data-testid="tenant-name" title={`Tenant ${user.tenantId}`}>
              {user.tenantName || `Tenant ${user.tenantId}`}
            </span>
          </div>
          <button className="button button-secondary" type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>

      {state === 'offline' ? (
        <p className="reconnecting" role="status" data-testid="reconnecting">
          Reconnecting… live updates are paused; what you see may be out of date.
        </p>
      ) : null}

      <main className="content" id="main" tabIndex={-1}>
        <Routes>
          <Route
            index
            element={<InboxPage context={context} suggestions={suggestions} merged={merged} activity={activity} />}
          />
          <Route path="customers" element={<CustomerSearchPage context={context} />} />
          <Route path="customers/:customerId" element={<CustomerRoute context={context} />} />
          <Route path="admin/*" element={<AdminPage context={context} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </div>
  );
}

interface InboxPageProps {
  context: ConsoleContext;
  suggestions: Suggestions;
  merged: ReturnType<typeof useMergedNotices>;
  activity: ActivityEntry[];
}

function InboxPage({ context, suggestions, merged, activity }: InboxPageProps) {
  useTitle('Suggestions');
  return (
    <div className="inbox">
      <MergedNotices
        notices={merged.notices}
        label={(id) => customerLabel(id, suggestions.customers)}
        onDismiss={merged.dismiss}
      />
      <SuggestionsPanel token={context.token} suggestions={suggestions} onUnauthorized={context.onUnauthorized} />
      <section className="card" aria-labelledby="activity-title">
        <div className="card-header">
          <h2 id="activity-title">Recent activity</h2>
          <span className="muted small">
            {activity.length === 0 ? 'Waiting for events' : `Last ${activity.length}`}
          </span>
        </div>
        <ActivityList entries={activity} />
      </section>
    </div>
  );
}

function NotFoundPage() {
  useTitle('Not found');
  return (
    <section className="card">
      <p className="empty">
        This page does not exist. <Link to="/">Back to the suggestions</Link>
      </p>
    </section>
  );
}
