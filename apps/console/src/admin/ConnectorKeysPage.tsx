import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { formatDateTime } from '../customers/format';
import { useTitle } from '../useTitle';
import { ActionDialog } from './ActionDialog';
import { createKey, fetchChannel, fetchKeys, revokeKey, updateKey } from './api';
import { CopyField } from './CopyField';
import { LoadState } from './LoadState';
import type { ConnectorKey } from './types';
import { useLoaded } from './useLoaded';

/**
 * The connector keys of one api or webchat channel: a new key is shown once; revoking one stops it at once; trusting
 * one (after a confirmation saying what that means) lets the addresses its messages send join their customers.
 */
export function ConnectorKeysPage({ context }: { context: ConsoleContext }) {
  useTitle('Connector keys');
  const { channelId = '' } = useParams();
  const { token, onUnauthorized } = context;
  const nameId = useId();
  const { loaded, reload } = useLoaded(async (signal) => {
    const [channel, keys] = await Promise.all([
      fetchChannel(token, channelId, signal),
      fetchKeys(token, channelId, signal),
    ]);
    return { channel, keys: keys.items };
  }, onUnauthorized);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<(ConnectorKey & { key: string }) | null>(null);
  const [revoking, setRevoking] = useState<ConnectorKey | null>(null);
  const [switching, setSwitching] = useState<ConnectorKey | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const channel = loaded.phase === 'ready' ? loaded.value.channel : null;

  async function create(): Promise<void> {
    setCreating(true);
    setFailure(null);
    try {
      setShown(await createKey(token, channelId, name.trim()));
      setName('');
      reload();
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(messageOf(error, 'The key could not be created.'));
    }
    setCreating(false);
  }

  return (
    <section className="card" aria-labelledby="keys-title">
      <div className="card-header">
        <h2 id="keys-title">Connector keys{channel ? ` · ${channel.name}` : ''}</h2>
        <Link to="/admin/channels" className="small">
          Back to channels
        </Link>
      </div>
      <div className="card-body admin-body">
        {channel ? <CopyField label="Messages URL" value={channel.webhookUrl} /> : null}
        {shown ? (
          <div className="notice admin-created" role="status" data-testid="key-shown">
            <p>
              <strong>Copy this key now:</strong> it is shown only once. Connectors send it as{' '}
              <code>Authorization: Bearer …</code>.
            </p>
            <CopyField label="Connector key" value={shown.key} testId="created-key" />
            <button className="button button-secondary button-small" type="button" onClick={() => setShown(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' ? (
          <>
            <form
              className="admin-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (!creating) void create();
              }}
            >
              <div className="field">
                <label htmlFor={nameId}>New key name</label>
                <input
                  id={nameId}
                  value={name}
                  placeholder="Website widget"
                  onChange={(e) => setName(e.target.value)}
                />
              </div>
              <button className="button button-primary" type="submit" disabled={creating} aria-busy={creating}>
                Create key
              </button>
            </form>
            {failure ? (
              <p className="alert" role="alert">
                {failure}
              </p>
            ) : null}
            {loaded.value.keys.length === 0 ? (
              <p className="empty">No keys yet. Connectors need one to send messages.</p>
            ) : (
              <table className="admin-table" data-testid="key-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Created</th>
                    <th scope="col">Status</th>
                    <th scope="col">Addresses</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.value.keys.map((key) => (
                    <tr key={key.id} data-testid="key-row">
                      <th scope="row">{key.name}</th>
                      <td>
                        <code>{key.hint}…</code>
                      </td>
                      <td>{formatDateTime(key.createdAt)}</td>
                      <td>
                        {key.revokedAt ? (
                          <span className="admin-pill">Revoked {formatDateTime(key.revokedAt)}</span>
                        ) : (
                          <span className="admin-pill admin-pill-on">Active</span>
                        )}
                      </td>
                      <td>
                        {key.trusted ? (
                          <span className="admin-pill admin-pill-on" data-testid="key-trust">
                            Trusted
                          </span>
                        ) : (
                          <span className="admin-pill" data-testid="key-trust">
                            Unverified
                          </span>
                        )}
                      </td>
                      <td className="admin-actions">
                        {key.revokedAt ? null : (
                          <>
                            <button
                              className="button button-secondary button-small"
                              type="button"
                              onClick={() => setSwitching(key)}
                            >
                              {key.trusted ? 'Stop trusting' : 'Trust'}
                            </button>
                            <button
                              className="button button-danger button-small"
                              type="button"
                              onClick={() => setRevoking(key)}
                            >
                              Revoke
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : null}
      </div>
      {switching ? (
        <TrustKeyDialog
          connectorKey={switching}
          onClose={() => setSwitching(null)}
          onUnauthorized={onUnauthorized}
          onConfirm={async () => {
            await updateKey(token, switching.id, { trusted: !switching.trusted });
            setSwitching(null);
            reload();
          }}
        />
      ) : null}
      {revoking ? (
        <ActionDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          testId="revoke-key-dialog"
          onClose={() => setRevoking(null)}
          onUnauthorized={onUnauthorized}
          onConfirm={async () => {
            await revokeKey(token, channelId, revoking.id);
            setRevoking(null);
            reload();
          }}
        >
          <p>Connectors using this key are refused from now on. This cannot be undone.</p>
        </ActionDialog>
      ) : null}
    </section>
  );
}

interface TrustKeyDialogProps {
  connectorKey: ConnectorKey;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  onUnauthorized: () => void;
}

/** Says what trusting a key (or no longer trusting it) changes before it is done. */
function TrustKeyDialog({ connectorKey, onConfirm, onClose, onUnauthorized }: TrustKeyDialogProps) {
  const trusting = !connectorKey.trusted;
  return (
    <ActionDialog
      title={trusting ? `Trust “${connectorKey.name}”?` : `Stop trusting “${connectorKey.name}”?`}
      confirmLabel={trusting ? 'Trust key' : 'Stop trusting'}
      variant={trusting ? 'primary' : 'danger'}
      testId="trust-key-dialog"
      onClose={onClose}
      onUnauthorized={onUnauthorized}
      onConfirm={onConfirm}
    >
      {trusting ? (
        <>
          <p>
            From its next message, an email address or phone number this connector sends joins the customer who already
            has it, <strong>without an agent confirming it</strong>.
          </p>
          <p>
            Trust only a connector that checks who its users are (a signed-in shop account, a verified phone): otherwise
            anyone using it could write into another customer’s profile and conversations.
          </p>
        </>
      ) : (
        <p>
          From its next message, an email address or phone number this connector sends is an unverified claim: it gets a
          customer of its own, and agents get a suggestion to merge it with the customer who has that address. Messages
          already received stay where they are.
        </p>
      )}
    </ActionDialog>
  );
}
