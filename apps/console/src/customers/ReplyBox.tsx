import { useId, useState, type FormEvent } from 'react';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { sendReply } from './api';
import { channelName } from './format';
import { replyMode, templateParameters } from './replyMode';
import type { ConversationSummary } from './types';

interface ReplyBoxProps {
  context: ConsoleContext;
  conversation: ConversationSummary;
}

/**
 * Where an agent answers a conversation, through the conversation's own channel (the message list reloads on the
 * reply's `message.received`). Outside WhatsApp's 24-hour window
 * the text box is disabled with the reason, and an approved template can be sent instead.
 */
export function ReplyBox({ context, conversation }: ReplyBoxProps) {
  const { token, onUnauthorized } = context;
  const mode = replyMode(conversation, new Date());
  const [text, setText] = useState('');
  const [template, setTemplate] = useState({ name: '', language: 'en', parameters: '' });
  const [state, setState] = useState<{ phase: 'idle' | 'sending' } | { phase: 'error'; message: string }>({
    phase: 'idle',
  });
  const textId = useId();
  const reasonId = useId();
  const sending = state.phase === 'sending';

  const send = async (body: Parameters<typeof sendReply>[2], clear: () => void): Promise<void> => {
    setState({ phase: 'sending' });
    try {
      await sendReply(token, conversation.id, body);
      clear();
      setState({ phase: 'idle' });
    } catch (error) {
      if (isUnauthorized(error)) onUnauthorized();
      setState({ phase: 'error', message: messageOf(error, 'The reply could not be sent.') });
    }
  };

  const sendText = (event: FormEvent): void => {
    event.preventDefault();
    if (!text.trim()) return;
    void send({ text: text.trim() }, () => setText(''));
  };

  const sendTemplate = (event: FormEvent): void => {
    event.preventDefault();
    void send(
      {
        template: {
          name: template.name.trim(),
          language: template.language.trim(),
          parameters: templateParameters(template.parameters),
        },
      },
      () => setTemplate((current) => ({ ...current, parameters: '' })),
    );
  };

  return (
    <div className="reply-box" data-testid="reply-box" data-mode={mode.kind}>
      <form onSubmit={sendText} className="reply-text">
        <label htmlFor={textId} className="small muted">
          Reply by {channelName(conversation.channelKind)}
        </label>
        <textarea
          id={textId}
          rows={2}
          value={text}
          maxLength={4096}
          disabled={mode.kind !== 'text' || sending}
          aria-describedby={mode.kind === 'template-only' ? reasonId : undefined}
          placeholder={mode.kind === 'text' ? 'Write a reply…' : 'Free-form replies are closed'}
          onChange={(event) => setText(event.target.value)}
          data-testid="reply-text"
        />
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={mode.kind !== 'text' || sending || !text.trim()}
          aria-busy={sending}
          data-testid="reply-send"
        >
          Send
        </button>
      </form>
      {mode.kind === 'template-only' ? (
        <>
          <p id={reasonId} className="reply-reason small" role="note" data-testid="reply-reason">
            {mode.reason}
          </p>
          <form onSubmit={sendTemplate} className="reply-template" data-testid="reply-template">
            <input
              aria-label="Template name"
              placeholder="Template name"
              value={template.name}
              onChange={(event) => setTemplate({ ...template, name: event.target.value })}
            />
            <input
              aria-label="Template language"
              placeholder="Language (en_US)"
              value={template.language}
              onChange={(event) => setTemplate({ ...template, language: event.target.value })}
            />
            <input
              aria-label="Template parameters"
              placeholder="Parameters, comma-separated"
              value={template.parameters}
              onChange={(event) => setTemplate({ ...template, parameters: event.target.value })}
            />
            <button
              type="submit"
              className="button button-secondary button-small"
              disabled={sending || !template.name.trim() || !template.language.trim()}
              data-testid="template-send"
            >
              Send template
            </button>
          </form>
        </>
      ) : null}
      {state.phase === 'error' ? (
        <p className="alert" role="alert" data-testid="reply-error">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
