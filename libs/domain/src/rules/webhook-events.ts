/** What integrations can subscribe to (API.md "Outbound"). */
export const WEBHOOK_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'merge.undone',
  'identity.detached',
  'conversation.moved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An audit record as the webhook feed reads it (ids as text). */
export interface AuditedChange {
  type: string;
  key: string;
  customerIds: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  at: Date;
}

/** An event for integrations: its id (what receivers dedupe on), the customers it concerns, and its body's data. */
export interface WebhookEventDraft {
  eventId: string;
  type: WebhookEventType;
  customerIds: string[];
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** The audit record types that are events for integrations (the rest of the events are new customers). */
export const WEBHOOK_AUDITED_TYPES: readonly WebhookEventType[] = [
  'customer.updated',
  'customer.merged',
  'merge.undone',
  'identity.detached',
  'conversation.moved',
];
const AUDITED_TYPES: ReadonlySet<string> = new Set(WEBHOOK_AUDITED_TYPES);

/**
 * The event an audit record announces, or undefined for records integrations do not hear of (suggestions,
 * settings…). Its id is the record's type and key (the merge, the detach…), so reading the record again names the
 * same event. A merge says what moved; an update says each changed field as it was and became.
 */
export function webhookEventOfAudit(record: AuditedChange): WebhookEventDraft | undefined {
  if (!AUDITED_TYPES.has(record.type)) return undefined;
  const type = record.type as WebhookEventType;
  const data =
    type === 'customer.updated'
      ? { customerId: record.customerIds[0], changes: { before: record.before, after: record.after } }
      : { customerIds: record.customerIds, ...record.after };
  return { eventId: `${type}:${record.key}`, type, customerIds: record.customerIds, data, occurredAt: record.at };
}

/** The event a new customer announces; its id is the customer's. */
export function webhookEventOfNewCustomer(customer: {
  id: string;
  kind?: string;
  name?: string;
  createdAt: Date;
}): WebhookEventDraft {
  return {
    eventId: `customer.created:${customer.id}`,
    type: 'customer.created',
    customerIds: [customer.id],
    data: { customerId: customer.id, kind: customer.kind ?? null, name: customer.name ?? null },
    occurredAt: customer.createdAt,
  };
}

/** A subscription failing since `failingSince` is paused once it has failed for the whole window. */
export function shouldPauseSubscription(failingSince: Date | undefined, now: Date, pauseAfterMs: number): boolean {
  return failingSince !== undefined && now.getTime() - failingSince.getTime() >= pauseAfterMs;
}
