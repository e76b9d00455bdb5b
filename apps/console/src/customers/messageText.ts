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
