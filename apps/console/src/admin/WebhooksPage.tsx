import { useId, useState } from 'react';
import { Link } from 'react-router';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { formatDateTime } from '../customers/format';
import { useTitle } from '../useTitle';
import { ActionDialog } from './ActionDialog';
import { createWebhook, deleteWebhook, fetchWebhooks, resumeWebhook } from './api';
import { CopyField } from './CopyField';
import { LoadState } from './LoadState';
import type { WebhookSubscription } from './types';
import { useLoaded } from './useLoaded';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from './webhookEvents';

/** Outbound webhooks: subscriptions with their status, a new one's secret shown once, delete, resume a paused one. */
export function WebhooksPage({ context }: { context: ConsoleContext }) {
  useTitle('Webhooks');
  const { token, onUnauthorized } = context;
  const urlId = useId();
  const { loaded, reload } = useLoaded((signal) => fetchWebhooks(token, signal), onUnauthorized);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['customer.merged']);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookSubscription | null>(null);

  async function create(): Promise<void> {
    setCreating(true);
    setFailure(null);
    try {
      const created = await createWebhook(token, { url: url.trim(), events });
      setShown(created.secret);
      setUrl('');
      reload();
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(messageOf(error, 'The subscription could not be created.'));
    }
    setCreating(false);
  }

  async function resume(subscription: WebhookSubscription): Promise<void> {
    setFailure(null);
    try {
      await resumeWebhook(token, subscription.id);
      reload();
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(messageOf(error, 'The subscription could not be resumed.'));
    }
  }

  const toggle = (event: string, on: boolean) =>
    setEvents((current) => (on ? [...current, event] : current.filter((chosen) => chosen !== event)));

  return (
    <section className="card" aria-labelledby="webhooks-title">
      <div className="card-header">
        <h2 id="webhooks-title">Webhooks</h2>
      </div>
      <div className="card-body admin-body">
        {shown ? (
          <div className="notice admin-created" role="status" data-testid="webhook-secret-shown">
            <p>
              <strong>Copy this secret now:</strong> it is shown only once. Receivers check each delivery’s{' '}
              <code>X-Signature</code> with it.
            </p>
            <CopyField label="Signing secret" value={shown} testId="webhook-secret" />
            <button className="button button-secondary button-small" type="button" onClick={() => setShown(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
        <form
          className="settings-group webhook-form"
          data-testid="webhook-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!creating) void create();
          }}
        >
          <div className="field">
            <label htmlFor={urlId}>Receiver URL</label>
            <input
              id={urlId}
              type="url"
              required
              value={url}
              placeholder="https://crm.example.com/hooks"
              onChange={(event) => setUrl(event.target.value)}
            />
          </div>
          <fieldset className="settings-group">
            <legend>Events</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label className="settings-check" key={event}>
                <input
                  type="checkbox"
                  checked={events.includes(event)}
                  onChange={(change) => toggle(event, change.target.checked)}
                />
                {WEBHOOK_EVENT_LABELS[event]} <code>{event}</code>
              </label>
            ))}
          </fieldset>
          <button
            className="button button-primary"
            type="submit"
            disabled={creating || events.length === 0}
            aria-busy={creating}
          >
            Subscribe
          </button>
        </form>
        {failure ? (
          <p className="alert" role="alert">
            {failure}
          </p>
        ) : null}
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' && loaded.value.items.length === 0 ? (
          <p className="empty">No subscriptions yet. Integrations hear of merges, detaches and edits through them.</p>
        ) : null}
        {loaded.phase === 'ready' && loaded.value.items.length > 0 ? (
          <table className="admin-table" data-testid="webhook-table">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.items.map((subscription) => (
                <tr key={subscription.id} data-testid="webhook-row">
                  <th scope="row">
                    <code>{subscription.url}</code>
                  </th>
                  <td>{subscription.events.join(', ')}</td>
                  <td>
                    {subscription.status === 'paused' ? (
                      <span className="admin-pill" data-testid="webhook-status">
                        Paused {formatDateTime(subscription.pausedAt)}
                      </span>
                    ) : (
                      <span className="admin-pill admin-pill-on" data-testid="webhook-status">
                        Active
                        {subscription.failingSince
                          ? ` · failing since ${formatDateTime(subscription.failingSince)}`
                          : ''}
                      </span>
                    )}
                  </td>
                  <td className="admin-actions">
                    <Link className="button button-secondary button-small" to={`/admin/webhooks/${subscription.id}`}>
                      Deliveries
                    </Link>
                    {subscription.status === 'paused' ? (
                      <button
                        className="button button-primary button-small"
                        type="button"
                        onClick={() => void resume(subscription)}
                      >
                        Resume
                      </button>
                    ) : null}
                    <button
                      className="button button-danger button-small"
                      type="button"
                      onClick={() => setDeleting(subscription)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      {deleting ? (
        <ActionDialog
          title="Delete this subscription?"
          confirmLabel="Delete subscription"
          testId="delete-webhook-dialog"
          onClose={() => setDeleting(null)}
          onUnauthorized={onUnauthorized}
          onConfirm={async () => {
            await deleteWebhook(token, deleting.id);
            setDeleting(null);
            reload();
          }}
        >
          <p>
            Nothing more is sent to <code>{deleting.url}</code>, and its delivery log is removed.
          </p>
        </ActionDialog>
      ) : null}
    </section>
  );
}
