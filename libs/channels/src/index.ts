export { limitBody, MAX_EMAIL_BODY_BYTES, MAX_EMAIL_BYTES } from './email/body-limit.js';
export { emailInboundMessage } from './email/email-inbound-message.js';
export {
  mailgunVerdictAuthenticated,
  smtpSenderAuthenticated,
  type DnsResolver,
  type SmtpSession,
} from './email/email-authentication.js';
export { readMailgunForm, type MailgunForm } from './email/mailgun-form.js';
export {
  MAILGUN_MAX_AGE_SECONDS,
  verifyMailgunSignature,
  type MailgunSignatureFields,
  type MailgunVerdict,
} from './email/mailgun-signature.js';
export { parseRawEmail, type ParsedEmail } from './email/parse-raw-email.js';
export { plusAddressToken, withoutPlusAddress } from './email/plus-address.js';
export { MalformedPayloadError } from './errors.js';
export { CONNECTOR_KINDS } from './connector-kinds.js';
export type {
  DeliveryStatus,
  InboundAttachment,
  InboundChoice,
  InboundEmailDetails,
  InboundEvent,
  InboundLocation,
  InboundMessage,
  InboundReaction,
  InboundSender,
  InboundStatus,
  InboundSystemNotice,
} from './inbound-message.js';
export { verifyTwilioSignature } from './sms/twilio-signature.js';
export { TWILIO_CONNECTION_OVERRIDES, withTwilioConnectionOverrides } from './sms/twilio-connection-overrides.js';
export { parseTwilioWebhook } from './sms/twilio-webhook.js';
export { parseTwilioStatusCallback } from './sms/twilio-status.js';
export { verifyWhatsappHandshake } from './whatsapp/whatsapp-handshake.js';
export { verifyWhatsappSignature } from './whatsapp/whatsapp-signature.js';
export { parseWhatsappWebhook, type WhatsappDelivery } from './whatsapp/whatsapp-webhook.js';
export { constantTimeEquals } from './constant-time.js';
