export const CHANNEL_KINDS = ['whatsapp', 'sms', 'email', 'api', 'webchat'] as const;

/** The kinds of inbox a tenant configures; each brings messages in its own way. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
