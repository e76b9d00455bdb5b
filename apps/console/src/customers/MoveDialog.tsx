import { useId, useState } from 'react';
import { ApiError, isMissingRoute, isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { Modal, ModalActions } from '../Modal';
import { moveConversation } from './api';
import { CustomerSearch } from './CustomerSearch';
import { channelName, customerName } from './format';
import type { ConversationSummary, CustomerProfile, CustomerSummary } from './types';

interface MoveDialogProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  conversation: ConversationSummary;
  onClose: () => void;
  onMoved: () => void;
}

function failureOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The move could not be started. Please try again.';
  if (isMissingRoute(error)) return 'Moving conversations is not available on this server yet.';
  switch (error.code) {
    case 'customer_busy':
      return 'A merge, detach or move of one of these customers is running. Try again in a moment.';
    case 'customer_merged':
      return 'The chosen customer was merged into another meanwhile: search it again.';
    case 'forbidden':
      return 'Only supervisors and admins move conversations.';
    default:
      return messageOf(error, 'The move could not be started.');
  }
}

/** Moves one conversation (with its messages) to a customer found by search. */
export function MoveDialog({ context, customer, conversation, onClose, onMoved }: MoveDialogProps) {
  const titleId = useId();
  const [query, setQuery] = useState('');
  const [target, setTarget] = useState<CustomerSummary | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const title = conversation.subject ?? `${channelName(conversation.channelKind)} conversation`;

  async function move(): Promise<void> {
    if (!target) return;
    setSubmitting(true);
    setFailure(null);
    try {
      await moveConversation(context.token, conversation.id, target.id);
      onMoved();
    } catch (error) {
      setSubmitting(false);
      if (isUnauthorized(error)) context.onUnauthorized();
      else setFailure(failureOf(error));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="move-dialog">
      <form
        className="modal-body"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (target && !submitting) void move();
        }}
      >
        <h2 id={titleId}>Move “{title}”</h2>
        <p>
          The conversation and its messages leave <strong>{customerName(customer)}</strong> for the customer you pick.
        </p>
        {target ? (
          <p className="notice" data-testid="move-target">
            Move to <strong>{customerName(target)}</strong>{' '}
            <button className="link-button" type="button" onClick={() => setTarget(null)}>
              Change
            </button>
          </p>
        ) : (
          <CustomerSearch
            token={context.token}
            onUnauthorized={context.onUnauthorized}
            query={query}
            onQueryChange={setQuery}
            onPick={setTarget}
            exclude={customer.id}
            label="Find the customer it belongs to"
            autoFocus
          />
        )}
        {failure ? (
          <p className="alert" role="alert" data-testid="move-error">
            {failure}
          </p>
        ) : null}
        <ModalActions
          decided={false}
          onClose={onClose}
          confirm={{
            label: 'Move',
            variant: 'primary',
            disabled: !target || submitting,
            busy: submitting,
            testId: 'move-confirm',
          }}
        />
      </form>
    </Modal>
  );
}
