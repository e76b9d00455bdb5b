import type { ConsoleContext } from '../consoleContext';
import { fetchSettingsAudit, fetchUsers } from './api';
import { LoadState } from './LoadState';
import { SETTING_LABELS } from './settingsForm';
import type { SettingsChange } from './types';
import { useLoaded } from './useLoaded';

/** The audit shows the blocklist by its size (the values stay with admins), the other fields as they are. */
const AUDIT_LABELS: Record<string, string> = { ...SETTING_LABELS, blocklistSize: 'Blocklist size' };

function shown(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  if (value.length === 0) return 'none';
  return value
    .map((item: unknown) =>
      typeof item === 'object' && item !== null && 'type' in item
        ? `${String(item.type)}${'doNotMergeDifferent' in item && item.doNotMergeDifferent ? ' (never merge different)' : ''}`
        : String(item),
    )
    .join(', ');
}

/** The latest settings changes from the audit trail: when, by whom, each field as it was and became. */
export function SettingsAuditList({ context }: { context: ConsoleContext }) {
  const { token, onUnauthorized } = context;
  const { loaded, reload } = useLoaded(async (signal) => {
    const [audit, users] = await Promise.all([fetchSettingsAudit(token, signal), fetchUsers(token, signal)]);
    return { changes: audit.changes, names: new Map(users.items.map((user) => [user.id, user.name])) };
  }, onUnauthorized);
  const actorOf = (change: SettingsChange, names: Map<string, string>) =>
    (change.actor.id && names.get(change.actor.id)) ?? change.actor.role ?? change.actor.kind;

  return (
    <section className="card" aria-labelledby="settings-audit-title">
      <div className="card-header">
        <h2 id="settings-audit-title">Changes</h2>
      </div>
      <div className="card-body admin-body">
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' && loaded.value.changes.length === 0 ? (
          <p className="empty muted">The settings were never changed.</p>
        ) : null}
        {loaded.phase === 'ready' && loaded.value.changes.length > 0 ? (
          <table className="admin-table" data-testid="settings-audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Setting</th>
                <th scope="col">Was</th>
                <th scope="col">Became</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.changes.flatMap((change) =>
                Object.keys(change.after).map((field, index) => (
                  <tr key={`${change.id}-${field}`} data-testid="settings-change">
                    <td>{index === 0 ? new Date(change.at).toLocaleString() : null}</td>
                    <td>{index === 0 ? actorOf(change, loaded.value.names) : null}</td>
                    <th scope="row">{AUDIT_LABELS[field] ?? field}</th>
                    <td>{shown(change.before[field])}</td>
                    <td>{shown(change.after[field])}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
