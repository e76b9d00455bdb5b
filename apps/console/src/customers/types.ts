import type { AuditActorKind, AuditRecordType, AuditTriggerKind, ChannelKind } from '@app/domain';
import type { CustomerIdentity, CustomerProfile } from '../suggestions/types';

export type { AuditRecordType, ChannelKind } from '@app/domain';
export type { ContactDatum, CustomerIdentity, CustomerProfile, UniqueIdentifier } from '../suggestions/types';

/** A search result: `GET /api/v1/customers?q=`. */
export interface CustomerSummary extends Pick<CustomerProfile, 'id' | 'name' | 'kind' | 'createdAt' | 'lastActiveAt'> {
  identities: Omit<CustomerIdentity, 'conversationCount'>[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConversationSummary {
  id: string;
  customerId: string;
  identityId: string;
  channelId: string;
  channelKind: ChannelKind;
  subject: string | null;
  lastMessageAt: string;
  serviceWindowExpiresAt: string | null;
  createdAt: string;
}

export interface MessageAttachment {
  providerMediaId?: string;
  url?: string;
  contentType: string;
  name?: string;
  /** Bytes. */
  size?: number;
  /** An email attachment whose bytes the api keeps. */
  downloadable?: boolean;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  externalId: string;
  sentAt: string;
  messageType: string;
  text?: string;
  /** The body was over the limit kept and is cut off; `originalSize` in bytes. */
  truncated?: boolean;
  originalSize?: number;
  attachments: MessageAttachment[];
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  reaction?: { emoji: string };
  choice?: { title: string };
  system?: { kind: string; body?: string };
  email?: { subject?: string; to: string[]; cc: string[] };
  /** The latest delivery status of an outbound message, when the api reports it. */
  status?: DeliveryStatus;
  /** A failed reply: the provider's code and words. */
  error?: { code?: string; message: string };
  template?: { name: string; language: string; parameters: string[] };
}

export interface DetachView {
  id: string;
  status: string;
  identityId: string;
  fromCustomerId: string;
  toCustomerId: string;
  moved: Record<string, number>;
}

/** The operations a supervisor can undo from the audit trail. */
export type UndoKind = 'merge' | 'detach' | 'move';

/** The answer of an undo request: the undo journal, running (202) or done already (200). */
export interface UndoView {
  id: string;
  status: string;
}

export interface AuditRecord {
  id: string;
  type: AuditRecordType;
  actor: { kind: AuditActorKind; id?: string; role?: string; keyId?: string; rule?: string };
  trigger: { kind: AuditTriggerKind; id?: string };
  customerIds: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  at: string;
}
