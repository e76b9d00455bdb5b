import type { ChannelKind } from '@app/domain';

/** Channels that custom connectors post to, each with its connector keys. */
export const CONNECTOR_KINDS: ReadonlySet<ChannelKind> = new Set(['api', 'webchat']);
