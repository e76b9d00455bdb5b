export { DeliveryResumer, STALLED_DELIVERY_MS } from './delivery-resumer.js';
export { DeliveryRunner, NoSenderError, type RunResult } from './delivery-runner.js';
export {
  DEFAULT_RETRY_POLICY,
  DELIVERY_SENDERS,
  type DeliverySender,
  type DeliverySenders,
  type SendResult,
} from './delivery-sender.js';
export { DeliveryStarter } from './delivery-starter.js';
export { DeliveryRunnerModule, DeliveryStarterModule, type DeliveryRunnerOptions } from './outbound.module.js';
export { isPublicAddress, refusedUrl } from './webhooks/address-guard.js';
export { WebhookDispatch } from './webhooks/webhook-dispatch.js';
export { WebhookFeed } from './webhooks/webhook-feed.js';
export { webhookBody, WebhookSender } from './webhooks/webhook.sender.js';
export { generateWebhookSecret, SIGNATURE_HEADER, webhookSignature } from './webhooks/webhook-signature.js';
export { WebhookDispatchModule } from './webhooks/webhooks.module.js';
export { ReplySender } from './replies/reply-sender.js';
export { ReplySenderDependenciesModule } from './replies/replies.module.js';
export { readTwilioAnswer, twilioRequest, type TwilioEndpoint, type TwilioReply } from './replies/twilio-reply.js';
export {
  readWhatsappAnswer,
  whatsappRequest,
  type WhatsappEndpoint,
  type WhatsappReply,
} from './replies/whatsapp-reply.js';
export {
  emailThreading,
  plusAddress,
  replyFromAddress,
  replyMessageId,
  type EmailThreading,
} from './replies/email-reply.js';
