import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { Modal, ModalActions } from '../Modal';
import { useSocketEvent } from '../useSocketEvent';
import { detachIdentity, fetchDetach } from './api';
import { channelName, customerName, formatDateTime, identityLabel, plural } from './format';
import type { ConversationSummary, CustomerIdentity, CustomerProfile, DetachView } from './types';

interface DetachDialogProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  identity: CustomerIdentity;
  /** The conversations that came through the identity (they move with it). */
  conversations: ConversationSummary[];
  onClose: () => void;
  /** The detach is done: the new customer holds the identity. */
  onDetached: (newCustomerId: string) => void;
}

/** How often the journal is asked while no `identity.detached` has arrived. */
const POLL_MS = 1_000;

function failureOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The detach could not be started. Please try again.';
  switch (error.code) {
    case 'only_identity':
      return 'This is the customer’s only identity: it cannot be detached.';
    case 'customer_busy':
      return 'A merge or detach of this customer is running right now. Try again in a moment.';
    case 'customer_merged':
      return 'This customer was merged into another meanwhile.';
    case 'identity_not_found':
      return 'This identity is no longer this customer’s.';
    case 'forbidden':
      return 'Only supervisors and admins detach identities.';
    default:
      return messageOf(error, 'The detach could not be started.');
  }
}

/** Confirms a detach, listing what moves to the new customer, then follows it until it is done. */
export function DetachDialog({ context, customer, identity, conversations, onClose, onDetached }: DetachDialogProps) {
  const { token, socket, onUnauthorized } = context;
  const titleId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [running, setRunning] = useState<DetachView | null>(null);
  const finished = useRef(false);

  const label = identityLabel(identity);
  const contact = identity.address ? customer.contactData.find((datum) => datum.value === identity.address) : undefined;
  const conversationCount = Math.max(identity.conversationCount, conversations.length);

  const finish = (newCustomerId: string): void => {
    if (finished.current) return;
    finished.current = true;
    onDetached(newCustomerId);
  };

  useSocketEvent(socket, 'identity.detached', (event) => {
    if (running && event.detachId === running.id) finish(event.toCustomerId);
  });

  // The event may be missed (a reconnect): the journal says when it is done.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      fetchDetach(token, running.id, controller.signal).then(
        (detach) => {
          if (detach.status === 'done') finish(detach.toCustomerId);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [token, running]);

  async function detach(): Promise<void> {
    setSubmitting(true);
    setFailure(null);
    try {
      const started = await detachIdentity(token, customer.id, identity.id, reason.trim() || undefined);
      if (started.status === 'done') finish(started.toCustomerId);
      else setRunning(started);
    } catch (error) {
      setSubmitting(false);
      if (isUnauthorized(error)) onUnauthorized();
      else setFailure(failureOf(error));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="detach-dialog">
      <form
        className="modal-body"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!submitting) void detach();
        }}
      >
        <h2 id={titleId}>Detach {label}?</h2>
        <p>
          A new customer is created for this identity; it leaves <strong>{customerName(customer)}</strong>. The two are
          remembered as different people and will not be suggested again.
        </p>

        <h3>What moves to the new customer</h3>
        <ul className="moves-list" data-testid="detach-moves">
          <li>
            The identity: {channelName(identity.kind)} <strong>{label}</strong>
            {identity.profileName ? ` (“${identity.profileName}”)` : ''}
          </li>
          <li>
            {conversationCount === 0
              ? 'No conversations (none came through this identity)'
              : `${plural(conversationCount, 'conversation')} with ${conversationCount === 1 ? 'its' : 'their'} messages`}
            {conversations.length > 0 ? (
              <ul>
                {conversations.map((conversation) => (
                  <li key={conversation.id}>
                    {conversation.subject ?? `${channelName(conversation.channelKind)} conversation`}
                    <span className="muted small"> · last message {formatDateTime(conversation.lastMessageAt)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
          <li>
            {contact ? (
              <>
                The contact {contact.type} <strong>{contact.display ?? contact.value}</strong>
                {contact.grantsAccess ? ' (grants account access)' : ''}
              </>
            ) : (
              'No contact data (none equals this address)'
            )}
          </li>
        </ul>

        <div className="field">
          <label htmlFor={reasonId}>Reason (optional, kept in the audit trail)</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={500}
            value={reason}
            disabled={submitting}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>

        {running ? (
          <p className="notice" role="status" data-testid="detach-running">
            Detaching… the new customer opens when it is done.
          </p>
        ) : null}
        {failure ? (
          <p className="alert" role="alert" data-testid="detach-error">
            {failure}
          </p>
        ) : null}

        <ModalActions
          decided={false}
          onClose={onClose}
          confirm={{
            label: 'Detach',
            variant: 'danger',
            disabled: submitting,
            busy: submitting,
            testId: 'detach-confirm',
          }}
        />
      </form>
    </Modal>
  );
}
