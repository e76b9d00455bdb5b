import { Navigate, NavLink, Route, Routes } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import './admin.css';
import { BulkMergesPage } from './BulkMergesPage';
import { ChannelsPage } from './ChannelsPage';
import { ConnectorKeysPage } from './ConnectorKeysPage';
import { SettingsPage } from './SettingsPage';
import { UsersPage } from './UsersPage';
import { WebhookDeliveriesPage } from './WebhookDeliveriesPage';
import { WebhooksPage } from './WebhooksPage';

export const isAdmin = (role: string): boolean => role === 'admin';

/** `/admin/*`: channels, their connector keys, users, identity settings, bulk merges and webhooks, for admins (the api refuses everyone else anyway). */
export function AdminPage({ context }: { context: ConsoleContext }) {
  if (!isAdmin(context.user.role)) return <AdminOnly />;
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label="Administration">
        <NavLink to="/admin/channels" className="nav-link">
          Channels
        </NavLink>
        <NavLink to="/admin/users" className="nav-link">
          Users
        </NavLink>
        <NavLink to="/admin/settings" className="nav-link">
          Identity settings
        </NavLink>
        <NavLink to="/admin/bulk-merges" className="nav-link">
          Bulk merges
        </NavLink>
        <NavLink to="/admin/webhooks" className="nav-link">
          Webhooks
        </NavLink>
      </nav>
      <Routes>
        <Route index element={<Navigate to="channels" replace />} />
        <Route path="channels" element={<ChannelsPage context={context} />} />
        <Route path="channels/:channelId/keys" element={<ConnectorKeysPage context={context} />} />
        <Route path="users" element={<UsersPage context={context} />} />
        <Route path="settings" element={<SettingsPage context={context} />} />
        <Route path="bulk-merges" element={<BulkMergesPage context={context} />} />
        <Route path="webhooks" element={<WebhooksPage context={context} />} />
        <Route path="webhooks/:subscriptionId" element={<WebhookDeliveriesPage context={context} />} />
        <Route path="*" element={<Navigate to="channels" replace />} />
      </Routes>
    </div>
  );
}

function AdminOnly() {
  useTitle('Admin');
  return (
    <section className="card" data-testid="admin-only">
      <p className="empty">Only admins manage channels, users and identity settings.</p>
    </section>
  );
}
