import type { ChannelKind, CustomerIdentity, CustomerSummary } from './types';

export const CHANNEL_NAMES: Record<ChannelKind, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'Email',
  api: 'API',
  webchat: 'Webchat',
};

/** A short mark per channel (text, so that it needs no icon font and reads the same in every browser). */
export const CHANNEL_MARKS: Record<ChannelKind, string> = {
  whatsapp: 'WA',
  sms: 'SMS',
  email: '@',
  api: 'API',
  webchat: 'Chat',
};

export const channelName = (kind: string): string => CHANNEL_NAMES[kind as ChannelKind] ?? kind;

/** How an identity reads: its address as written (even one that is not usable), else "Anonymous visitor". */
export function identityLabel(
  identity: Pick<CustomerIdentity, 'displayAddress' | 'address' | 'anonymous' | 'unusableAddress'>,
): string {
  if (identity.unusableAddress && identity.displayAddress) return identity.displayAddress;
  if (identity.anonymous) return 'Anonymous visitor';
  return identity.displayAddress ?? identity.address ?? 'Unknown address';
}

/** A customer's identities as they read, by id. */
export function identityNames(customer: Pick<CustomerSummary, 'identities'>): Record<string, string> {
  return Object.fromEntries(customer.identities.map((identity) => [identity.id, identityLabel(identity)]));
}

/** A customer's name, else an address it writes from, else a short id. */
export function customerName(customer: Pick<CustomerSummary, 'id' | 'name' | 'identities'>): string {
  if (customer.name) return customer.name;
  const identity =
    customer.identities.find((candidate) => !candidate.anonymous) ??
    customer.identities.find((candidate) => candidate.unusableAddress);
  return identity ? identityLabel(identity) : `Customer …${customer.id.slice(-6)}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '—';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : dateTime.format(date);
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** Bytes as people read them: `512 B`, `12 KB`, `3.4 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
