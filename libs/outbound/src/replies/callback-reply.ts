import type { SendResult } from '../delivery-sender.js';
import { isObject, type ProviderAnswer, type ProviderRequest } from '../provider-http.js';
import { SIGNATURE_HEADER, webhookSignature } from '../webhooks/webhook-signature.js';

/** Who a connector should hand the reply to: the customer's address, or the anonymous session they wrote from. */
export interface CallbackRecipient {
  address?: string;
  sessionId?: string;
}

export interface CallbackReply {
  messageId: string;
  conversationId: string;
  channelId: string;
  recipient: CallbackRecipient;
  text?: string;
  attachments: { url?: string; contentType: string; name?: string }[];
  sentAt: Date;
}

/**
 * The reply as a custom connector or webchat receives it at its callback URL: JSON, signed like outbound webhooks
 * (`X-Signature: t=<unix>,v1=<HMAC-SHA256 of "t.body">` under the channel's callback secret). `X-Delivery-Id` is the
 * same on every attempt, for the connector to absorb a repeat.
 */
export function callbackRequest(
  callback: { url: string; secret: string; deliveryId: string },
  reply: CallbackReply,
  now: Date,
): ProviderRequest {
  const body = JSON.stringify({
    type: 'message.reply',
    id: reply.messageId,
    conversationId: reply.conversationId,
    channelId: reply.channelId,
    to: reply.recipient,
    ...(reply.text ? { text: reply.text } : {}),
    attachments: reply.attachments,
    sentAt: reply.sentAt.toISOString(),
  });
  return {
    url: callback.url,
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: webhookSignature(callback.secret, Math.floor(now.getTime() / 1000), body),
      'x-delivery-id': callback.deliveryId,
    },
    body,
  };
}

/** Any 2xx takes the reply, under the connector's own id when it answers one. */
export function readCallbackAnswer(answer: ProviderAnswer, messageId: string): SendResult {
  const { statusCode, retryAfter, json } = answer;
  if (statusCode >= 200 && statusCode < 300) {
    const id = isObject(json) && typeof json.id === 'string' && json.id ? json.id : undefined;
    return { statusCode, providerId: id ?? `reply:${messageId}` };
  }
  const words = isObject(json) && typeof json.message === 'string' ? json.message : answer.text.slice(0, 200);
  return { statusCode, ...(retryAfter ? { retryAfter } : {}), ...(words ? { error: words } : {}) };
}

/** An anonymous identity's key ends with its session (`webchat:<channel>:session:<id>`). */
export function sessionOf(identityKey: string): string | undefined {
  const marker = ':session:';
  const at = identityKey.indexOf(marker);
  return at < 0 ? undefined : identityKey.slice(at + marker.length);
}
