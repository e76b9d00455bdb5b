import type { ChannelSettings, Message, Stored } from '@app/persistence';

/** The address replies leave from: the one the channel names, else its first. */
export function replyFromAddress(settings: ChannelSettings): string | undefined {
  return settings.replyFrom ?? settings.addresses?.[0];
}

/** The Message-ID a reply is sent with, chosen before it is sent so the customer's answer can name it. */
export function replyMessageId(messageId: string, fromAddress: string): string {
  return `<reply.${messageId}@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}>`;
}

/** `support@x.example` answered through conversation `c1` → `support+c1@x.example`, read back by inbound threading. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const base = local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
  return `${base}+${token}${address.slice(at)}`;
}

export interface EmailThreading {
  subject: string;
  inReplyTo?: string;
  /** Oldest first. */
  references: string[];
}

/** Mail clients keep the last References; a long thread keeps its root and its latest ids. */
const MAX_REFERENCES = 20;

/**
 * The headers that thread a reply under the customer's latest message: In-Reply-To its Message-ID, References its
 * References and its Message-ID (RFC 5322 §3.6.4), the subject prefixed `Re:` once.
 */
export function emailThreading(
  parent: Pick<Stored<Message>, 'externalId' | 'email'> | undefined,
  conversationSubject: string | undefined,
): EmailThreading {
  const base = (parent?.email?.subject ?? conversationSubject ?? '').trim();
  const subject = /^re:/i.test(base) ? base : base ? `Re: ${base}` : 'Re: your message';
  if (!parent) return { subject, references: [] };
  const chain = [...new Set([...(parent.email?.references ?? []), parent.externalId])];
  const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  return { subject, inReplyTo: parent.externalId, references };
}
