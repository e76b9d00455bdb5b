import type { Message } from './types';

/** What a message says in words, when it says anything: its text, or what the person did. */
export function messageText(message: Message): string | undefined {
  if (message.text) return message.text;
  if (message.choice) return `Chose “${message.choice.title}”`;
  if (message.reaction) return message.reaction.emoji ? `Reacted ${message.reaction.emoji}` : 'Removed a reaction';
  if (message.location) {
    const { name, address, latitude, longitude } = message.location;
    return `Shared a location: ${name ?? address ?? `${latitude}, ${longitude}`}`;
  }
  if (message.system) return message.system.body ?? message.system.kind.replaceAll('_', ' ');
  return undefined;
}

/** Characters of a message shown before "Show all": about a screen of text. */
export const PREVIEW_CHARACTERS = 2_000;

/**
 * The start of a long text, cut at the last line break or space before `limit` when there is one near it (so a word
 * is not split), and how many characters are left out; a text within the limit is shown whole.
 */
export function previewOf(text: string, limit = PREVIEW_CHARACTERS): { shown: string; hidden: number } {
  if (text.length <= limit) return { shown: text, hidden: 0 };
  const cut = Math.max(text.lastIndexOf('\n', limit), text.lastIndexOf(' ', limit));
  const end = cut >= limit * 0.8 ? cut : limit;
  const shown = text.slice(0, end).trimEnd();
  return { shown, hidden: text.length - shown.length };
}
