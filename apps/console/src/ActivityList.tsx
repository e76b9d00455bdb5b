import { Link } from 'react-router';
import type { ActivityEntry } from './useRealtime';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function formatTime(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : timeFormat.format(date);
}

function ActivityItem({ entry }: { entry: ActivityEntry }) {
  const isMessage = entry.event === 'message.received';
  const conversationId = entry.event === 'message.received' ? entry.conversationId : undefined;
  return (
    <li className="activity-item" data-testid="activity-item" data-event={entry.event}>
      <span
        className={`activity-icon ${isMessage ? 'activity-icon-message' : 'activity-icon-customer'}`}
        aria-hidden="true"
      >
        {isMessage ? '✉' : '+'}
      </span>
      <div className="activity-body">
        <p className="activity-title">{isMessage ? 'Message received' : 'New customer'}</p>
        <p className="activity-detail">
          {conversationId ? (
            <>
              Conversation <code>{conversationId}</code> ·{' '}
              <Link to={`/customers/${entry.customerId}`}>
                Customer <code>{entry.customerId}</code>
              </Link>
            </>
          ) : (
            <Link to={`/customers/${entry.customerId}`}>
              Customer <code>{entry.customerId}</code>
            </Link>
          )}
        </p>
      </div>
      <time className="activity-time" dateTime={entry.at}>
        {formatTime(entry.at)}
      </time>
    </li>
  );
}

export function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  return (
    <div aria-live="polite" aria-relevant="additions">
      {entries.length === 0 ? (
        <p className="empty" data-testid="activity-empty">
          No activity yet
        </p>
      ) : (
        <ol className="activity" data-testid="activity-list">
          {entries.map((entry) => (
            <ActivityItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </div>
  );
}
