import type { WebhookEventType } from '@app/domain';

/** Every event an integration can subscribe to, as admins read it (a missing one fails the typecheck). */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'customer.created': 'A customer is created',
  'customer.updated': 'A customer is edited',
  'customer.merged': 'Customers are merged',
  'merge.undone': 'A merge is undone',
  'identity.detached': 'An identity is detached',
  'conversation.moved': 'A conversation is moved',
};

export const WEBHOOK_EVENTS = Object.keys(WEBHOOK_EVENT_LABELS) as WebhookEventType[];
