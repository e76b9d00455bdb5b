import { useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { fetchAttachment } from './api';
import { formatSize } from './format';
import type { Message, MessageAttachment } from './types';

interface MessageAttachmentsProps {
  context: ConsoleContext;
  message: Message;
}

/** A message's attachments: a provider's link opens; bytes the api keeps download through it. */
export function MessageAttachments({ context, message }: MessageAttachmentsProps) {
  if (message.attachments.length === 0) return null;
  return (
    <ul className="attachments" data-testid="attachments">
      {message.attachments.map((attachment, index) => (
        <li key={`${attachment.url ?? attachment.providerMediaId ?? ''}:${index}`}>
          <span aria-hidden="true">📎 </span>
          {attachment.url ? (
            <a href={attachment.url} target="_blank" rel="noreferrer noopener">
              {attachment.name ?? attachment.url}
            </a>
          ) : (
            (attachment.name ?? 'Attachment')
          )}{' '}
          <span className="muted small">
            ({attachment.contentType}
            {attachment.size !== undefined ? `, ${formatSize(attachment.size)}` : ''})
          </span>
          {attachment.downloadable ? (
            <DownloadButton context={context} message={message} attachment={attachment} index={index} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function DownloadButton({
  context,
  message,
  attachment,
  index,
}: MessageAttachmentsProps & { attachment: MessageAttachment; index: number }) {
  const [phase, setPhase] = useState<'idle' | 'loading' | 'error'>('idle');
  const [error, setError] = useState('');
  const name = attachment.name ?? `attachment-${index + 1}`;

  const download = async (): Promise<void> => {
    setPhase('loading');
    try {
      const bytes = await fetchAttachment(context.token, message.conversationId, message.id, index);
      saveFile(bytes, name);
      setPhase('idle');
    } catch (failure) {
      if (isUnauthorized(failure)) context.onUnauthorized();
      setError(messageOf(failure, 'The attachment could not be downloaded.'));
      setPhase('error');
    }
  };

  return (
    <>
      {' '}
      <button
        type="button"
        className="button button-small button-secondary"
        aria-label={`Download ${name}`}
        data-testid="attachment-download"
        disabled={phase === 'loading'}
        onClick={() => void download()}
      >
        {phase === 'loading' ? 'Downloading…' : 'Download'}
      </button>
      {phase === 'error' ? (
        <span className="message-error small" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
    </>
  );
}

/** Hands the bytes to the browser as a download named `name` (the bearer token keeps a plain link from working). */
function saveFile(bytes: Blob, name: string): void {
  const url = URL.createObjectURL(bytes);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the URL by the time the click returns; revoking at once can cancel it in some browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
