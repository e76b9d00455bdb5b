/**
 * Where each provider delivers: `/<route>/<channel id>`. The controllers are mounted here, the channel views show
 * URLs under it, and the body parsers pick their parser by it, so the four cannot drift apart.
 */
export const WEBHOOK_ROUTES = {
  whatsapp: 'webhooks/whatsapp',
  twilio: 'webhooks/twilio',
  mailgun: 'webhooks/mailgun',
} as const;

export type WebhookProvider = keyof typeof WEBHOOK_ROUTES;

/** What the URL of every request to a provider's webhook starts with. */
export function webhookPathPrefix(provider: WebhookProvider): string {
  return `/${WEBHOOK_ROUTES[provider]}/`;
}
