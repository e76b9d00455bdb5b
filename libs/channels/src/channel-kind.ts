export const CHANNEL_KINDS = ['whatsapp', 'sms', 'email', 'api', 'webchat'] as const;

/** The kinds of inbox a tenant configures; each brings messages in its own way. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels that custom connectors post to, each with its connector keys. */
export const CONNECTOR_KINDS: ReadonlySet<ChannelKind> = new Set(['api', 'webchat']);
