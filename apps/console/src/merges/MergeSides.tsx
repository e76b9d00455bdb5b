import { CHANNEL_MARKS, channelName, customerName, formatDateTime, identityLabel, plural } from '../customers/format';
import { messageText } from '../customers/messageText';
import { useProfileGlance } from './useProfileGlance';

interface MergeSidesProps {
  token: string;
  survivorId: string;
  victimId: string;
  onUnauthorized: () => void;
}

/** Both profiles side by side, the kept one first: who they are, how they reach us and what they wrote last. */
export function MergeSides({ token, survivorId, victimId, onUnauthorized }: MergeSidesProps) {
  return (
    <div className="merge-sides" data-testid="merge-sides">
      <MergeSide token={token} customerId={survivorId} role="kept" onUnauthorized={onUnauthorized} />
      <MergeSide token={token} customerId={victimId} role="removed" onUnauthorized={onUnauthorized} />
    </div>
  );
}

interface MergeSideProps {
  token: string;
  customerId: string;
  role: 'kept' | 'removed';
  onUnauthorized: () => void;
}

function MergeSide({ token, customerId, role, onUnauthorized }: MergeSideProps) {
  const glance = useProfileGlance(token, customerId, onUnauthorized);
  return (
    <section
      className={`merge-side merge-side-${role}`}
      data-testid="merge-side"
      data-role={role}
      data-customer-id={customerId}
      aria-busy={glance.phase === 'loading'}
    >
      <p className="merge-side-role">{role === 'kept' ? 'Kept' : 'Removed'}</p>
      {glance.phase === 'loading' ? (
        <p className="muted small" role="status">
          Loading profile…
        </p>
      ) : null}
      {glance.phase === 'error' ? (
        <p className="alert" role="alert">
          {glance.message}
        </p>
      ) : null}
      {glance.phase === 'ready' ? (
        <>
          <h3 className="merge-side-name">
            {customerName(glance.profile)}{' '}
            <span className={`kind kind-${glance.profile.kind}`}>
              {glance.profile.kind === 'member' ? 'Member' : 'Contact'}
            </span>
          </h3>
          <p className="muted small">Customer since {formatDateTime(glance.profile.createdAt)}</p>
          <ul className="plain merge-side-identities" aria-label="Identities">
            {glance.profile.identities.map((identity) => (
              <li key={identity.id} data-testid="merge-side-identity">
                <span
                  className={`channel-mark channel-${identity.kind}`}
                  title={channelName(identity.kind)}
                  aria-label={channelName(identity.kind)}
                >
                  {CHANNEL_MARKS[identity.kind]}
                </span>{' '}
                {identityLabel(identity)}{' '}
                <span className="muted small">{plural(identity.conversationCount, 'conversation')}</span>
              </li>
            ))}
          </ul>
          {glance.messages.length === 0 ? (
            <p className="muted small">No messages yet</p>
          ) : (
            <ol className="plain recent-messages" aria-label="Latest messages">
              {glance.messages.map((message) => (
                <li key={message.id} className="recent-message" data-testid="merge-side-message">
                  <span className="muted small">
                    {message.direction === 'inbound' ? 'Customer' : 'Us'} ·{' '}
                    <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
                  </span>
                  <span className="recent-message-text">{messageText(message) ?? message.messageType}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}
