import type { ChannelKind } from '../vocabulary.js';

export interface ReplyTarget {
  channelKind: ChannelKind;
  /** WhatsApp: free-form replies are allowed until then (24 hours after the customer's last message). */
  serviceWindowExpiresAt?: Date;
}

export interface ReplyRequest {
  hasText: boolean;
  hasTemplate: boolean;
}

/**
 * Why an agent's reply cannot be sent as asked, or undefined when it can:
 * - `whatsapp_window_closed`: a free-form WhatsApp message outside the customer-service window (Meta refuses it);
 *   a template message can be sent at any time.
 * - `template_not_supported`: templates are WhatsApp's; other channels take text.
 * - `empty_reply`: neither text nor a template.
 */
export type ReplyRefusal = 'whatsapp_window_closed' | 'template_not_supported' | 'empty_reply';

export function replyRefusal(target: ReplyTarget, request: ReplyRequest, now: Date): ReplyRefusal | undefined {
  if (request.hasTemplate) return target.channelKind === 'whatsapp' ? undefined : 'template_not_supported';
  if (!request.hasText) return 'empty_reply';
  if (target.channelKind !== 'whatsapp') return undefined;
  const open = target.serviceWindowExpiresAt && target.serviceWindowExpiresAt.getTime() > now.getTime();
  return open ? undefined : 'whatsapp_window_closed';
}
