import { useEffect, useId, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { fetchMessages } from './api';
import { CHANNEL_MARKS, channelName, formatDateTime, formatSize, identityLabel } from './format';
import { messageText } from './messageText';
import type { ConversationSummary, CustomerProfile, Message } from './types';
import type { Loaded } from './useCustomerData';
import { RetryAlert } from '../RetryAlert';
import { ReplyBox } from './ReplyBox';
import { MessageAttachments } from './MessageAttachments';
import { MessageBody } from './MessageBody';

interface ConversationsProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  state: Loaded<ConversationSummary[]>;
  messageVersions: ReadonlyMap<string, number>;
  onRetry: () => void;
  /** Supervisors move a conversation to another customer. */
  onMove?: (conversation: ConversationSummary) => void;
}

/** The customer's conversations, newest first; each opens its messages. */
export function Conversations({ context, customer, state, messageVersions, onRetry, onMove }: ConversationsProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const items = state.data ?? [];
  const sorted = [...items].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
  const toggle = (id: string): void =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section className="card" aria-labelledby="conversations-title" data-testid="conversations">
      <div className="card-header">
        <h2 id="conversations-title">Conversations</h2>
        <span className="muted small" aria-live="polite">
          {state.phase === 'loading' && items.length === 0 ? 'Loading…' : `${items.length} · newest first`}
        </span>
      </div>
      {state.phase === 'error' ? <RetryAlert message={state.message} onRetry={onRetry} /> : null}
      {state.phase !== 'loading' && items.length === 0 ? (
        <p className="empty" data-testid="conversations-empty">
          No conversations yet
        </p>
      ) : null}
      <ol className="conversations">
        {sorted.map((conversation) => (
          <ConversationItem
            key={conversation.id}
            context={context}
            conversation={conversation}
            identity={customer.identities.find((identity) => identity.id === conversation.identityId)}
            open={open.has(conversation.id)}
            version={messageVersions.get(conversation.id) ?? 0}
            onToggle={() => toggle(conversation.id)}
            onMove={onMove}
          />
        ))}
      </ol>
    </section>
  );
}

interface ConversationItemProps {
  context: ConsoleContext;
  conversation: ConversationSummary;
  identity?: CustomerProfile['identities'][number];
  open: boolean;
  version: number;
  onToggle: () => void;
  onMove?: (conversation: ConversationSummary) => void;
}

function ConversationItem({ context, conversation, identity, open, version, onToggle, onMove }: ConversationItemProps) {
  const panelId = useId();
  const title = conversation.subject ?? `${channelName(conversation.channelKind)} conversation`;
  return (
    <li className="conversation" data-testid="conversation" data-conversation-id={conversation.id}>
      <div className="conversation-head">
        <button
          type="button"
          className="conversation-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={onToggle}
          data-testid="conversation-toggle"
        >
          <span className={`channel-mark channel-${conversation.channelKind}`} aria-hidden="true">
            {CHANNEL_MARKS[conversation.channelKind]}
          </span>
          <span className="conversation-title">
            <span className="conversation-subject">{title}</span>
            <span className="muted small">
              {identity ? `via ${identityLabel(identity)} · ` : ''}last message{' '}
              <time dateTime={conversation.lastMessageAt}>{formatDateTime(conversation.lastMessageAt)}</time>
            </span>
          </span>
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
        </button>
        {onMove ? (
          <button
            type="button"
            className="button button-small button-secondary"
            aria-label={`Move ${title} to another customer`}
            data-testid="move-button"
            onClick={() => onMove(conversation)}
          >
            Move
          </button>
        ) : null}
      </div>
      {open ? (
        <div id={panelId}>
          <Messages context={context} conversationId={conversation.id} version={version} />
          <ReplyBox context={context} conversation={conversation} />
        </div>
      ) : null}
    </li>
  );
}

function Messages({
  context,
  conversationId,
  version,
}: {
  context: ConsoleContext;
  conversationId: string;
  version: number;
}) {
  const { token, onUnauthorized } = context;
  const [state, setState] = useState<Loaded<Message[]>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', data: previous.data }));
    fetchMessages(token, conversationId, controller.signal).then(
      (messages) => setState({ phase: 'ready', data: messages }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) onUnauthorized();
        const message = messageOf(error, 'The messages could not be loaded.');
        setState((previous) => ({ phase: 'error', message, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [token, conversationId, version, attempt, onUnauthorized]);

  const messages = state.data ?? [];
  return (
    <div className="messages" data-testid="messages" aria-busy={state.phase === 'loading'}>
      {state.phase === 'loading' && messages.length === 0 ? (
        <p className="muted small" role="status">
          Loading messages…
        </p>
      ) : null}
      {state.phase === 'error' ? (
        <div className="panel-alert panel-alert-flush">
          <p className="alert" role="alert">
            {state.message}
          </p>
          <button className="button button-secondary" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {state.phase === 'ready' && messages.length === 0 ? <p className="muted small">No messages</p> : null}
      <ol className="message-list" aria-live="polite" aria-relevant="additions">
        {messages.map((message) => (
          <MessageItem key={message.id} context={context} message={message} />
        ))}
      </ol>
    </div>
  );
}

const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};

function MessageItem({ context, message }: { context: ConsoleContext; message: Message }) {
  const inbound = message.direction === 'inbound';
  const text = messageText(message);
  return (
    <li
      className={`message ${inbound ? 'message-in' : 'message-out'}`}
      data-testid="message"
      data-direction={message.direction}
    >
      <span className="message-meta">
        {inbound ? 'Customer' : 'Sent by us'} · <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
        {!inbound ? (
          <span className={`delivery delivery-${message.status ?? 'unknown'}`} data-testid="delivery-status">
            {message.status ? (STATUS_LABELS[message.status] ?? message.status) : 'Status unknown'}
          </span>
        ) : null}
      </span>
      {message.email?.subject ? <span className="message-subject">{message.email.subject}</span> : null}
      {message.template ? (
        <p className="message-text muted" data-testid="message-template">
          Template {message.template.name} ({message.template.language})
          {message.template.parameters.length > 0 ? `: ${message.template.parameters.join(', ')}` : ''}
        </p>
      ) : null}
      {text ? <MessageBody text={text} /> : null}
      {message.truncated ? (
        <p className="muted small" data-testid="message-truncated">
          truncated (original {formatSize(message.originalSize ?? 0)})
        </p>
      ) : null}
      {message.status === 'failed' && message.error ? (
        <p className="message-error small" role="note" data-testid="delivery-error">
          Not delivered: {message.error.message}
        </p>
      ) : null}
      <MessageAttachments context={context} message={message} />
    </li>
  );
}
