import { Link, useParams } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { formatDateTime } from '../customers/format';
import { useTitle } from '../useTitle';
import { fetchWebhook, fetchWebhookDeliveries } from './api';
import { LoadState } from './LoadState';
import type { WebhookDeliveryAttempt } from './types';
import { useLoaded } from './useLoaded';

const outcome = (attempt: WebhookDeliveryAttempt): string =>
  [attempt.statusCode === undefined ? 'no answer' : `HTTP ${attempt.statusCode}`, attempt.error]
    .filter(Boolean)
    .join(': ');

/** One subscription's delivery log, newest first: each event's attempts, their answers and latency, the next retry. */
export function WebhookDeliveriesPage({ context }: { context: ConsoleContext }) {
  useTitle('Webhook deliveries');
  const { subscriptionId = '' } = useParams();
  const { token, onUnauthorized } = context;
  const { loaded, reload } = useLoaded(async (signal) => {
    const [subscription, deliveries] = await Promise.all([
      fetchWebhook(token, subscriptionId, signal),
      fetchWebhookDeliveries(token, subscriptionId, signal),
    ]);
    return { subscription, deliveries: deliveries.items };
  }, onUnauthorized);

  return (
    <section className="card" aria-labelledby="deliveries-title">
      <div className="card-header">
        <h2 id="deliveries-title">Deliveries{loaded.phase === 'ready' ? ` · ${loaded.value.subscription.url}` : ''}</h2>
        <Link to="/admin/webhooks" className="small">
          Back to webhooks
        </Link>
      </div>
      <div className="card-body admin-body">
        <LoadState loaded={loaded} onRetry={reload} />
        {loaded.phase === 'ready' ? (
          <>
            <p>
              Status: <strong data-testid="delivery-subscription-status">{loaded.value.subscription.status}</strong>{' '}
              <button className="button button-secondary button-small" type="button" onClick={reload}>
                Refresh
              </button>
            </p>
            {loaded.value.deliveries.length === 0 ? (
              <p className="empty">Nothing delivered yet.</p>
            ) : (
              <table className="admin-table" data-testid="delivery-table">
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Next retry</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.value.deliveries.map((delivery) => (
                    <tr key={delivery.id} data-testid="delivery-row">
                      <th scope="row">
                        <code>{delivery.eventId}</code>
                      </th>
                      <td>
                        <span className={delivery.status === 'delivered' ? 'admin-pill admin-pill-on' : 'admin-pill'}>
                          {delivery.status}
                        </span>
                        {delivery.failureReason ? <div className="small">{delivery.failureReason}</div> : null}
                      </td>
                      <td>
                        <ol className="delivery-attempts">
                          {delivery.attempts.map((attempt) => (
                            <li key={attempt.attempt} data-testid="delivery-attempt">
                              {formatDateTime(attempt.at)} · {outcome(attempt)} · {attempt.latencyMs} ms
                            </li>
                          ))}
                        </ol>
                      </td>
                      <td>{delivery.nextRetryAt ? formatDateTime(delivery.nextRetryAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}
