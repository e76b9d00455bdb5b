import type { MergeBlock, SuggestionStatus } from '@app/domain';

/**
 * The server → client socket.io events, shared by the api, the worker and the console: one definition of every
 * shape. Every event carries the tenant it belongs to and when it happened.
 */
export interface RealtimeEnvelope {
  tenantId: string;
  /** ISO 8601 */
  at: string;
}

export interface SuggestionEvidence {
  rule: string;
  /** This customer's value, then the other's. */
  values: string[];
  score?: number;
}

export interface SuggestionSummary {
  id: string;
  status: SuggestionStatus;
  customerIds: [string, string];
  /** The customer whose change found the match. */
  openedFrom?: string;
  evidence: SuggestionEvidence[];
  score: number;
  /** While `blocked`: the guards' explanations (code, identifier type, both values, remedies). */
  blocks: MergeBlock[];
  /** Once `accepted`: the merge it started. */
  mergeId?: string;
  createdAt: string;
  updatedAt: string;
}

/** How far an agent's reply went: ours until the provider takes it, then what the provider reports. */
export type ReplyState = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** Why a user's sessions ended: an admin changed their role or deactivated them, they signed out, or the token expired. */
export const SESSION_REVOKED_REASONS = ['role_changed', 'deactivated', 'signed_out', 'expired'] as const;
export type SessionRevokedReason = (typeof SESSION_REVOKED_REASONS)[number];

export interface ServerToClientEvents {
  'suggestion.created': (event: RealtimeEnvelope & { suggestion: SuggestionSummary }) => void;
  'suggestion.updated': (event: RealtimeEnvelope & { suggestion: SuggestionSummary }) => void;
  'customer.created': (event: RealtimeEnvelope & { customerId: string }) => void;
  'customer.updated': (event: RealtimeEnvelope & { customerId: string }) => void;
  'customer.merged': (event: RealtimeEnvelope & { mergeId: string; survivorId: string; victimIds: string[] }) => void;
  'message.received': (
    event: RealtimeEnvelope & { customerId: string; conversationId: string; messageId: string },
  ) => void;
  /** An agent's reply moved on (sent, delivered, read), or failed with the provider's error. */
  'message.updated': (
    event: RealtimeEnvelope & {
      customerId: string;
      conversationId: string;
      messageId: string;
      status: ReplyState;
      error?: { code?: string; message: string };
    },
  ) => void;
  /** `fromCustomerId` when the conversation was moved (its room hears it too). */
  'conversation.updated': (
    event: RealtimeEnvelope & { conversationId: string; customerId: string; fromCustomerId?: string },
  ) => void;
  'identity.detached': (
    event: RealtimeEnvelope & { detachId: string; identityId: string; fromCustomerId: string; toCustomerId: string },
  ) => void;
  /** A detach undone: the identity is back on `toCustomerId` (the source); `fromCustomerId` is now its tombstone. */
  'detach.undone': (
    event: RealtimeEnvelope & {
      undoId: string;
      detachId: string;
      identityId: string;
      fromCustomerId: string;
      toCustomerId: string;
    },
  ) => void;
  'merge.undone': (
    event: RealtimeEnvelope & { undoId: string; mergeId: string; survivorId: string; restoredIds: string[] },
  ) => void;
  /** The uniqueness setting found customers sharing a value after `customerId` changed, and a guard refused. */
  'uniqueness.refused': (
    event: RealtimeEnvelope & {
      customerId: string;
      customerIds: string[];
      code: string;
      blocks: { victimId: string; blocks: MergeBlock[] }[];
    },
  ) => void;
  /** To the affected user's sockets only, just before the server disconnects them. */
  'session.revoked': (event: RealtimeEnvelope & { userId: string; reason: SessionRevokedReason }) => void;
}

export type RealtimeEventName = keyof ServerToClientEvents;

/** An event as a socket receives it: the payload with its envelope (tenant and time). */
export type RealtimeEvent<E extends RealtimeEventName> = Parameters<ServerToClientEvents[E]>[0];

/** The payload of an event, without the envelope the sender adds. */
export type RealtimePayload<E extends RealtimeEventName> = Omit<RealtimeEvent<E>, keyof RealtimeEnvelope>;

export type WatchAck = { ok: true } | { ok: false; code: 'not_found' | 'invalid_request' };

/** A console with a profile open watches that customer: its events then also reach the customer's room. */
export interface ClientToServerEvents {
  'customer.watch': (customerId: string, ack: (result: WatchAck) => void) => void;
  'customer.unwatch': (customerId: string, ack: (result: WatchAck) => void) => void;
}

export const tenantRoom = (tenantId: string): string => `tenant:${tenantId}`;

/** Every socket of one signed-in user, so their sessions can be ended together. */
export const userRoom = (tenantId: string, userId: string): string => `tenant:${tenantId}:user:${userId}`;

/** Scoped by tenant too: a customer id of another tenant could never name this room. */
export const customerRoom = (tenantId: string, customerId: string): string =>
  `tenant:${tenantId}:customer:${customerId}`;

/** The customers an event is about: their rooms receive it besides the tenant's. */
export function customersOf(payload: Record<string, unknown>): string[] {
  const ids = [payload.customerId, payload.survivorId, payload.fromCustomerId, payload.toCustomerId];
  const lists = [payload.victimIds, payload.restoredIds].flatMap((list) => (Array.isArray(list) ? list : []));
  return [...new Set([...ids, ...lists].filter((id): id is string => typeof id === 'string'))];
}
