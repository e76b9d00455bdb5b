import type { ChannelKind } from '@app/domain';
import type { InboundEvent } from '@app/channels';
import type { ChannelSecrets, ChannelSettings, ChannelWithSecrets } from '@app/persistence';
import type { InboundJob } from '@app/queue';

/** A channel as the ingress needs it: who owns it, how it is configured, and the secrets that verify deliveries. */
export interface IngressChannel {
  id: string;
  tenantId: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  secrets: ChannelSecrets;
}

export function toIngressChannel(channel: ChannelWithSecrets): IngressChannel {
  return {
    id: channel._id.toHexString(),
    tenantId: channel.tenantId.toHexString(),
    kind: channel.kind,
    settings: channel.settings ?? {},
    secrets: channel.secrets ?? {},
  };
}

/** One job per event, all received at the same moment. */
export function inboundJobs(channel: IngressChannel, events: InboundEvent[], receivedAt: Date): InboundJob[] {
  const received = receivedAt.toISOString();
  return events.map((event) => ({ tenantId: channel.tenantId, channelId: channel.id, event, receivedAt: received }));
}
