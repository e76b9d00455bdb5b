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
