import { useState } from 'react';
import { Link } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import { fetchChannels } from './api';
import { hasConnectorKeys, KIND_NAMES, secretFields } from './channelFields';
import { CopyField } from './CopyField';
import { LoadState } from './LoadState';
import { NewChannelDialog } from './NewChannelDialog';
import { RotateSecretDialog } from './RotateSecretDialog';
import type { Channel } from './types';
import { useLoaded } from './useLoaded';

type Dialog = { kind: 'new' } | { kind: 'rotate'; channel: Channel } | null;

/** The tenant's channels, each with the URL to paste into its provider; create one, rotate its secrets. */
export function ChannelsPage({ context }: { context: ConsoleContext }) {
  useTitle('Channels');
  const { token, onUnauthorized } = context;
  const { loaded, reload } = useLoaded((signal) => fetchChannels(token, signal), onUnauthorized);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [created, setCreated] = useState<Channel | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="channels-title">
      <div className="card-header">
        <h2 id="channels-title">Channels</h2>
        <button className="button button-primary button-small" type="button" onClick={() => setDialog({ kind: 'new' })}>
          New channel
        </button>
      </div>
      <div className="card-body admin-body">
        {created ? (
          <div className="notice admin-created" role="status" data-testid="channel-created">
            <p>
              <strong>{created.name}</strong> is ready. Paste this URL into {KIND_NAMES[created.kind]}
              {hasConnectorKeys(created.kind) ? ' connectors, with a connector key' : '’s webhook settings'}:
            </p>
            <CopyField label="Webhook URL" value={created.webhookUrl} testId="created-webhook-url" />
            {created.kind === 'sms' ? (
              <p className="small" data-testid="twilio-retry-note">
                Paste it whole: what follows <code>#</code> tells Twilio to retry a message we could not take at once (a
                short outage answers 503), up to 5 times within 15 seconds. Twilio does not send it back to us.
              </p>
            ) : null}
          </div>
        ) : null}
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' && loaded.value.items.length === 0 ? (
          <p className="empty">No channels yet. Create one to start receiving messages.</p>
        ) : null}
        {loaded.phase === 'ready' && loaded.value.items.length > 0 ? (
          <table className="admin-table" data-testid="channel-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Webhook URL</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.items.map((channel) => (
                <tr key={channel.id} data-testid="channel-row">
                  <th scope="row">{channel.name}</th>
                  <td>
                    <span className="admin-pill">{KIND_NAMES[channel.kind]}</span>
                  </td>
                  <td className="admin-url">
                    <CopyField label={`Webhook URL of ${channel.name}`} value={channel.webhookUrl} compact />
                  </td>
                  <td className="admin-actions">
                    {secretFields(channel.kind).length > 0 ? (
                      <button
                        className="button button-secondary button-small"
                        type="button"
                        onClick={() => setDialog({ kind: 'rotate', channel })}
                      >
                        Rotate secret
                      </button>
                    ) : null}
                    {hasConnectorKeys(channel.kind) ? (
                      <Link className="button button-secondary button-small" to={`/admin/channels/${channel.id}/keys`}>
                        Connector keys
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      {dialog?.kind === 'new' ? (
        <NewChannelDialog
          token={token}
          onUnauthorized={onUnauthorized}
          onClose={() => setDialog(null)}
          onCreated={(channel) => {
            setDialog(null);
            setNotice(null);
            setCreated(channel);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'rotate' ? (
        <RotateSecretDialog
          token={token}
          channel={dialog.channel}
          onUnauthorized={onUnauthorized}
          onClose={() => setDialog(null)}
          onRotated={() => {
            setNotice(`New secrets saved for ${dialog.channel.name}.`);
            setDialog(null);
          }}
        />
      ) : null}
    </section>
  );
}
