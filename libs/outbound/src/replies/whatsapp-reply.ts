import type { ReplyTemplate } from '@app/persistence';
import type { SendResult } from '../delivery-sender.js';
import { isObject, type ProviderAnswer, type ProviderRequest } from '../provider-http.js';

export interface WhatsappEndpoint {
  apiUrl: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
}

export interface WhatsappReply {
  /** The customer's `wa_id` exactly as Meta sent it. */
  to: string;
  text?: string;
  template?: ReplyTemplate;
  attachment?: { url: string; contentType: string; name?: string };
  /** The wamid of the message answered, shown quoted by WhatsApp. */
  replyTo?: string;
}

/** Meta's throttling codes come with HTTP 400 at times; waiting is what they ask for. */
const THROTTLING_CODES = new Set([4, 80007, 130429, 131048, 131056]);

/** The Cloud API request of a reply: `POST {api}/v{version}/{phoneNumberId}/messages` with the channel's token. */
export function whatsappRequest(endpoint: WhatsappEndpoint, reply: WhatsappReply): ProviderRequest {
  const base = endpoint.apiUrl.replace(/\/+$/, '');
  return {
    url: `${base}/v${endpoint.version}/${encodeURIComponent(endpoint.phoneNumberId)}/messages`,
    headers: { authorization: `Bearer ${endpoint.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: reply.to,
      ...(reply.replyTo ? { context: { message_id: reply.replyTo } } : {}),
      ...content(reply),
    }),
  };
}

function content(reply: WhatsappReply): Record<string, unknown> {
  if (reply.template) {
    const { name, language, parameters } = reply.template;
    return {
      type: 'template',
      template: {
        name,
        language: { code: language },
        ...(parameters.length > 0
          ? { components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] }
          : {}),
      },
    };
  }
  if (reply.attachment) {
    const type = mediaType(reply.attachment.contentType);
    const caption = type === 'audio' ? {} : reply.text ? { caption: reply.text } : {};
    const filename = type === 'document' && reply.attachment.name ? { filename: reply.attachment.name } : {};
    return { type, [type]: { link: reply.attachment.url, ...caption, ...filename } };
  }
  return { type: 'text', text: { preview_url: false, body: reply.text ?? '' } };
}

function mediaType(contentType: string): 'image' | 'video' | 'audio' | 'document' {
  const [family] = contentType.split('/');
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}

/** The wamid of an accepted message, or Meta's error code and words. */
export function readWhatsappAnswer(answer: ProviderAnswer): SendResult {
  const { statusCode, retryAfter, json } = answer;
  if (statusCode >= 200 && statusCode < 300) {
    const messages = isObject(json) && Array.isArray(json.messages) ? json.messages : [];
    const id = isObject(messages[0]) && typeof messages[0].id === 'string' ? messages[0].id : undefined;
    return id ? { statusCode, providerId: id } : { statusCode, error: 'the answer named no message id' };
  }
  const error = isObject(json) && isObject(json.error) ? json.error : undefined;
  const code = typeof error?.code === 'number' || typeof error?.code === 'string' ? Number(error.code) : undefined;
  const details =
    isObject(error?.error_data) && typeof error.error_data.details === 'string' ? error.error_data.details : undefined;
  const message = [typeof error?.message === 'string' ? error.message : answer.text.slice(0, 200), details]
    .filter(Boolean)
    .join(' — ');
  const throttled = code !== undefined && THROTTLING_CODES.has(code);
  return {
    statusCode: throttled && statusCode < 500 ? 429 : statusCode,
    ...(retryAfter ? { retryAfter } : {}),
    error: code !== undefined ? `${code}: ${message}` : message,
    ...(code !== undefined ? { errorCode: String(code) } : {}),
  };
}
