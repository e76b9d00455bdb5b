import { withTwilioConnectionOverrides } from '@app/channels';
import type { ChannelKind } from '@app/domain';
import { webhookPathPrefix } from '../inbound/webhook-routes.js';

const PATH_BY_KIND: Record<ChannelKind, (id: string) => string> = {
  whatsapp: (id) => `${webhookPathPrefix('whatsapp')}${id}`,
  sms: (id) => `${webhookPathPrefix('twilio')}${id}`,
  // Mailgun forwards the raw MIME (`body-mime`) only to a URL that ends in `mime`.
  email: (id) => `${webhookPathPrefix('mailgun')}${id}/mime`,
  api: (id) => `/api/v1/channels/${id}/messages`,
  webchat: (id) => `/api/v1/channels/${id}/messages`,
};

/**
 * The address a provider or connector delivers a channel's messages to; `publicUrl` has no trailing slash. Twilio's
 * carries the connection overrides that make Twilio retry a 503 (they ride in the fragment, which Twilio never sends).
 */
export function webhookUrl(publicUrl: string, kind: ChannelKind, channelId: string): string {
  const url = `${publicUrl}${PATH_BY_KIND[kind](channelId)}`;
  return kind === 'sms' ? withTwilioConnectionOverrides(url) : url;
}
