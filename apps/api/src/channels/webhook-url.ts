import { webhookPathPrefix } from '../inbound/webhook-routes.js';
import type { ChannelKind } from '@app/domain';

const PATH_BY_KIND: Record<ChannelKind, (id: string) => string> = {
  whatsapp: (id) => `${webhookPathPrefix('whatsapp')}${id}`,
  sms: (id) => `${webhookPathPrefix('twilio')}${id}`,
  // Mailgun forwards the raw MIME (`body-mime`) only to a URL that ends in `mime`.
  email: (id) => `${webhookPathPrefix('mailgun')}${id}/mime`,
  api: (id) => `/api/v1/channels/${id}/messages`,
  webchat: (id) => `/api/v1/channels/${id}/messages`,
};

/** The address a provider or connector delivers a channel's messages to; `publicUrl` has no trailing slash. */
export function webhookUrl(publicUrl: string, kind: ChannelKind, channelId: string): string {
  return `${publicUrl}${PATH_BY_KIND[kind](channelId)}`;
}
