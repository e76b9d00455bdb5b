import { request, requestFile } from '../api';
import type {
  AuditRecord,
  ConversationSummary,
  CustomerProfile,
  CustomerSummary,
  DetachView,
  Message,
  Page,
  UndoKind,
  UndoView,
} from './types';

const id = (value: string): string => encodeURIComponent(value);

/** Name, phone in any format, email, card or unique identifier; an empty query lists the newest customers. */
export function searchCustomers(token: string, q: string, signal?: AbortSignal): Promise<Page<CustomerSummary>> {
  const params = new URLSearchParams({ limit: '20' });
  if (q.trim()) params.set('q', q.trim());
  return request<Page<CustomerSummary>>(`/api/v1/customers?${params.toString()}`, { token, signal });
}

/** A merged-away id is redirected (308) to its survivor: the answer then names another customer. */
export function fetchProfile(token: string, customerId: string, signal?: AbortSignal): Promise<CustomerProfile> {
  return request<CustomerProfile>(`/api/v1/customers/${id(customerId)}`, { token, signal });
}

export function fetchConversations(
  token: string,
  customerId: string,
  signal?: AbortSignal,
): Promise<Page<ConversationSummary>> {
  return request<Page<ConversationSummary>>(`/api/v1/customers/${id(customerId)}/conversations?limit=100`, {
    token,
    signal,
  });
}

/** The latest 100 messages, oldest first. */
export async function fetchMessages(token: string, conversationId: string, signal?: AbortSignal): Promise<Message[]> {
  const page = await request<Page<Message>>(
    `/api/v1/conversations/${id(conversationId)}/messages?order=desc&limit=100`,
    {
      token,
      signal,
    },
  );
  return [...page.items].reverse();
}

/** The bytes of attachment `index` (from 0) of a message, as the api keeps them. */
export function fetchAttachment(
  token: string,
  conversationId: string,
  messageId: string,
  index: number,
): Promise<Blob> {
  return requestFile(`/api/v1/conversations/${id(conversationId)}/messages/${id(messageId)}/attachments/${index}`, {
    token,
  });
}

export function fetchAudit(token: string, customerId: string, signal?: AbortSignal): Promise<Page<AuditRecord>> {
  return request<Page<AuditRecord>>(`/api/v1/customers/${id(customerId)}/audit?limit=50`, { token, signal });
}

export function detachIdentity(
  token: string,
  customerId: string,
  identityId: string,
  reason?: string,
): Promise<DetachView> {
  return request<DetachView>(`/api/v1/customers/${id(customerId)}/identities/${id(identityId)}/detach`, {
    method: 'POST',
    token,
    body: reason ? { reason } : {},
  });
}

export function fetchDetach(token: string, detachId: string, signal?: AbortSignal): Promise<DetachView> {
  return request<DetachView>(`/api/v1/detaches/${id(detachId)}`, { token, signal });
}

const UNDO_ROUTES: Record<UndoKind, string> = { merge: 'merges', detach: 'detaches', move: 'moves' };

/** `POST /api/v1/{merges,detaches,moves}/:id/undo`: 202 while the undo runs, 200 once it is done. */
export function undoOperation(token: string, kind: UndoKind, operationId: string): Promise<UndoView> {
  return request<UndoView>(`/api/v1/${UNDO_ROUTES[kind]}/${id(operationId)}/undo`, { method: 'POST', token, body: {} });
}

export function moveConversation(token: string, conversationId: string, customerId: string): Promise<unknown> {
  return request(`/api/v1/conversations/${id(conversationId)}/move`, { method: 'POST', token, body: { customerId } });
}

export interface ReplyRequest {
  text?: string;
  template?: { name: string; language: string; parameters: string[] };
}

/** `202` with the reply, `queued`: the worker sends it through the conversation's own channel. */
export function sendReply(token: string, conversationId: string, body: ReplyRequest): Promise<Message> {
  return request<Message>(`/api/v1/conversations/${id(conversationId)}/messages`, { method: 'POST', token, body });
}
