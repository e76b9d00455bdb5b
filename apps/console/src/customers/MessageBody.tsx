import { useState } from 'react';
import { previewOf } from './messageText';

/** A message's words; a long one (an email thread, a pasted log) shows its start until the agent asks for all. */
export function MessageBody({ text }: { text: string }) {
  const [whole, setWhole] = useState(false);
  const { shown, hidden } = previewOf(text);
  if (hidden === 0 || whole) return <p className="message-text">{text}</p>;
  return (
    <>
      <p className="message-text" data-testid="message-preview">
        {shown}…
      </p>
      <button
        type="button"
        className="button button-small button-secondary message-show-all"
        data-testid="message-show-all"
        onClick={() => setWhole(true)}
      >
        Show all ({hidden.toLocaleString()} more characters)
      </button>
    </>
  );
}
