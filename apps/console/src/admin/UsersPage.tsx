import { useId, useState } from 'react';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import { ActionDialog } from './ActionDialog';
import { fetchUsers, inviteUser, updateUser } from './api';
import { LoadState } from './LoadState';
import { ROLES, type Role, type TenantUser } from './types';
import { useLoaded } from './useLoaded';

type Dialog = { kind: 'invite' } | { kind: 'role'; user: TenantUser } | { kind: 'active'; user: TenantUser } | null;

/** The tenant's users: invite one, change a role, deactivate or reactivate (each ends that user's sessions). */
export function UsersPage({ context }: { context: ConsoleContext }) {
  useTitle('Users');
  const { token, onUnauthorized, user: me } = context;
  const { loaded, reload } = useLoaded((signal) => fetchUsers(token, signal), onUnauthorized);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string): void => {
    setDialog(null);
    setNotice(message);
    reload();
  };

  return (
    <section className="card" aria-labelledby="users-title">
      <div className="card-header">
        <h2 id="users-title">Users</h2>
        <button
          className="button button-primary button-small"
          type="button"
          onClick={() => setDialog({ kind: 'invite' })}
        >
          Invite user
        </button>
      </div>
      <div className="card-body admin-body">
        {notice ? (
          <p className="notice" role="status" data-testid="users-notice">
            {notice}
          </p>
        ) : null}
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' ? (
          <table className="admin-table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.items.map((user) => (
                <tr key={user.id} data-testid="user-row" className={user.active ? undefined : 'admin-inactive'}>
                  <th scope="row">
                    {user.name}
                    {user.id === me.id ? <span className="muted small"> (you)</span> : null}
                  </th>
                  <td>{user.email}</td>
                  <td>{user.role}</td>
                  <td>
                    {user.active ? (
                      <span className="admin-pill admin-pill-on">Active</span>
                    ) : (
                      <span className="admin-pill">Deactivated</span>
                    )}
                  </td>
                  <td className="admin-actions">
                    <button
                      className="button button-secondary button-small"
                      type="button"
                      aria-label={`Change the role of ${user.name}`}
                      onClick={() => setDialog({ kind: 'role', user })}
                    >
                      Change role
                    </button>
                    <button
                      className={`button button-small ${user.active ? 'button-danger' : 'button-secondary'}`}
                      type="button"
                      aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name}`}
                      onClick={() => setDialog({ kind: 'active', user })}
                    >
                      {user.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      {dialog?.kind === 'invite' ? (
        <InviteDialog
          token={token}
          onUnauthorized={onUnauthorized}
          onClose={() => setDialog(null)}
          onInvited={(user) => done(`${user.name} can now sign in as ${user.email}.`)}
        />
      ) : null}
      {dialog?.kind === 'role' ? (
        <RoleDialog
          token={token}
          user={dialog.user}
          onUnauthorized={onUnauthorized}
          onClose={() => setDialog(null)}
          onChanged={(user) => done(`${user.name} is now ${user.role}; their open consoles were signed out.`)}
        />
      ) : null}
      {dialog?.kind === 'active' ? (
        <ActionDialog
          title={`${dialog.user.active ? 'Deactivate' : 'Reactivate'} ${dialog.user.name}?`}
          confirmLabel={dialog.user.active ? 'Deactivate' : 'Reactivate'}
          variant={dialog.user.active ? 'danger' : 'primary'}
          testId="active-dialog"
          onClose={() => setDialog(null)}
          onUnauthorized={onUnauthorized}
          onConfirm={async () => {
            const changed = await updateUser(token, dialog.user.id, { active: !dialog.user.active });
            done(
              changed.active ? `${changed.name} can sign in again.` : `${changed.name} was deactivated and signed out.`,
            );
          }}
        >
          <p>
            {dialog.user.active
              ? 'They are signed out everywhere at once and cannot sign in until reactivated.'
              : 'They can sign in again with their password.'}
          </p>
        </ActionDialog>
      ) : null}
    </section>
  );
}

interface InviteDialogProps {
  token: string;
  onInvited: (user: TenantUser) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

function InviteDialog({ token, onInvited, onClose, onUnauthorized }: InviteDialogProps) {
  const ids = { name: useId(), email: useId(), role: useId(), password: useId() };
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as Role, password: '' });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [field]: event.target.value }));

  return (
    <ActionDialog
      title="Invite a user"
      confirmLabel="Invite"
      variant="primary"
      testId="invite-dialog"
      onClose={onClose}
      onUnauthorized={onUnauthorized}
      onConfirm={async () => onInvited(await inviteUser(token, { ...form, email: form.email.trim() }))}
    >
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={form.name} required autoFocus onChange={set('name')} />
      </div>
      <div className="field">
        <label htmlFor={ids.email}>Email</label>
        <input id={ids.email} type="email" value={form.email} required onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor={ids.role}>Role</label>
        <select id={ids.role} value={form.role} onChange={set('role')}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.password}>Initial password (at least 10 characters)</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={form.password}
          required
          minLength={10}
          onChange={set('password')}
        />
      </div>
    </ActionDialog>
  );
}

interface RoleDialogProps {
  token: string;
  user: TenantUser;
  onChanged: (user: TenantUser) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

function RoleDialog({ token, user, onChanged, onClose, onUnauthorized }: RoleDialogProps) {
  const roleId = useId();
  const [role, setRole] = useState<Role>(user.role);
  return (
    <ActionDialog
      title={`Change the role of ${user.name}`}
      confirmLabel="Change role"
      variant="primary"
      testId="role-dialog"
      onClose={onClose}
      onUnauthorized={onUnauthorized}
      onConfirm={async () => onChanged(await updateUser(token, user.id, { role }))}
    >
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">Their open consoles are signed out; they sign in again with the new role.</p>
    </ActionDialog>
  );
}
