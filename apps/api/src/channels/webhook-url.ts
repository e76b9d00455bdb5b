import type { ChannelKind } from '@app/channels';

const PATH_BY_KIND: Record<ChannelKind, (id: string) => string> = {
  whatsapp: (id) => `/webhooks/whatsapp/${id}`,
  sms: (id) => `/webhooks/twilio/${id}`,
  email: (id) => `/webhooks/mailgun/${id}`,
  api: (id) => `/api/v1/channels/${id}/messages`,
  webchat: (id) => `/api/v1/channels/${id}/messages`,
};

/** The address a provider or connector delivers a channel's messages to. */
export function webhookUrl(publicUrl: string, kind: ChannelKind, channelId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${PATH_BY_KIND[kind](channelId)}`;
}
