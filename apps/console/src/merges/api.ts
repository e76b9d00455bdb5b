import { request } from '../api';
import type { MergePicks } from '@app/domain';
import type { Message, Page } from '../customers/types';
import type { MergePreview } from '../suggestions/types';

/** What `POST /api/v1/merges/preview` and `POST /api/v1/merges` take. */
export interface MergeRequest {
  survivorId: string;
  victimIds: string[];
  picks?: MergePicks;
}

/** `POST /api/v1/merges`: `done` when it answered 200, `running` with 202 (then `customer.merged` follows). */
export interface MergeView {
  id: string;
  status: 'running' | 'done';
  survivorId: string;
  victimIds: string[];
}

/** What the merge would do with these picks; nothing changes. */
export function previewMerge(token: string, merge: MergeRequest, signal?: AbortSignal): Promise<MergePreview> {
  return request<MergePreview>('/api/v1/merges/preview', { method: 'POST', token, body: merge, signal });
}

export function startMerge(token: string, merge: MergeRequest): Promise<MergeView> {
  return request<MergeView>('/api/v1/merges', { method: 'POST', token, body: merge });
}

/** The latest `count` messages of the customer's latest `count` conversations, newest first. */
export async function fetchRecentMessages(
  token: string,
  customerId: string,
  count: number,
  signal?: AbortSignal,
): Promise<Message[]> {
  const conversations = await request<Page<{ id: string }>>(
    `/api/v1/customers/${encodeURIComponent(customerId)}/conversations?limit=${count}`,
    { token, signal },
  );
  const pages = await Promise.all(
    conversations.items.map((conversation) =>
      request<Page<Message>>(
        `/api/v1/conversations/${encodeURIComponent(conversation.id)}/messages?order=desc&limit=${count}`,
        { token, signal },
      ),
    ),
  );
  return pages
    .flatMap((page) => page.items)
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
    .slice(0, count);
}
