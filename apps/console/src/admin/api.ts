import type { IdentitySettings } from '@app/domain';
import { request } from '../api';
import type {
  BulkMergePage,
  Channel,
  ChannelKind,
  ConnectorKey,
  Items,
  Role,
  SettingsAudit,
  SettingsBackfill,
  TenantUser,
  UniquenessRun,
  WebhookDelivery,
  WebhookSubscription,
} from './types';

const id = (value: string): string => encodeURIComponent(value);

export const fetchChannels = (token: string, signal?: AbortSignal) =>
  request<Items<Channel>>('/api/v1/channels', { token, signal });

export const fetchChannel = (token: string, channelId: string, signal?: AbortSignal) =>
  request<Channel>(`/api/v1/channels/${id(channelId)}`, { token, signal });

export const createChannel = (token: string, body: { kind: ChannelKind; name: string; config: object }) =>
  request<Channel>('/api/v1/channels', { method: 'POST', token, body });

/** The config fields given replace the stored ones: a secret is rotated by giving only it. */
export const updateChannel = (token: string, channelId: string, body: { name?: string; config?: object }) =>
  request<Channel>(`/api/v1/channels/${id(channelId)}`, { method: 'PATCH', token, body });

export const fetchKeys = (token: string, channelId: string, signal?: AbortSignal) =>
  request<Items<ConnectorKey>>(`/api/v1/channels/${id(channelId)}/api-keys`, { token, signal });

export const createKey = (token: string, channelId: string, name: string) =>
  request<ConnectorKey & { key: string }>(`/api/v1/channels/${id(channelId)}/api-keys`, {
    method: 'POST',
    token,
    body: name ? { name } : {},
  });

export const revokeKey = (token: string, channelId: string, keyId: string) =>
  request<void>(`/api/v1/channels/${id(channelId)}/api-keys/${id(keyId)}`, { method: 'DELETE', token });

/** Renames a key or changes whether it is trusted; its next message is filed by the change. */
export const updateKey = (token: string, keyId: string, body: { name?: string; trusted?: boolean }) =>
  request<ConnectorKey>(`/api/v1/connector-keys/${id(keyId)}`, { method: 'PATCH', token, body });

export const fetchUsers = (token: string, signal?: AbortSignal) =>
  request<Items<TenantUser>>('/api/v1/users', { token, signal });

export const inviteUser = (token: string, body: { name: string; email: string; role: Role; password: string }) =>
  request<TenantUser>('/api/v1/users', { method: 'POST', token, body });

export const updateUser = (token: string, userId: string, body: { role?: Role; active?: boolean }) =>
  request<TenantUser>(`/api/v1/users/${id(userId)}`, { method: 'PATCH', token, body });

export const fetchIdentitySettings = (token: string, signal?: AbortSignal) =>
  request<IdentitySettings>('/api/v1/settings/identity', { token, signal });

/** Replaces every field; every customer is checked again with them in the background. */
export const saveIdentitySettings = (token: string, body: IdentitySettings) =>
  request<IdentitySettings>('/api/v1/settings/identity', { method: 'PUT', token, body });

export const fetchSettingsAudit = (token: string, signal?: AbortSignal) =>
  request<SettingsAudit>('/api/v1/settings/identity/audit', { token, signal });

export const fetchSettingsBackfill = (token: string, signal?: AbortSignal) =>
  request<SettingsBackfill>('/api/v1/settings/identity/backfill', { token, signal });

const UNIQUENESS_APPLY = '/api/v1/settings/identity/uniqueness/apply';

/** A dry run reports the groups of existing duplicates; a real run given its id merges exactly them. */
export const startUniquenessRun = (token: string, body: { dryRun: boolean; dryRunId?: string }) =>
  request<{ id: string }>(UNIQUENESS_APPLY, { method: 'POST', token, body });

export const fetchUniquenessRun = (token: string, runId: string, signal?: AbortSignal) =>
  request<UniquenessRun>(`${UNIQUENESS_APPLY}/${id(runId)}`, { token, signal });

/** A page of the tenant's bulk merges, newest first; `cursor` is the previous page's `nextCursor`. */
export const fetchBulkMerges = (token: string, cursor: string | null, signal?: AbortSignal) =>
  request<BulkMergePage>(`/api/v1/merges/bulk?limit=25${cursor ? `&cursor=${id(cursor)}` : ''}`, { token, signal });
export const fetchWebhooks = (token: string, signal?: AbortSignal) =>
  request<Items<WebhookSubscription>>('/api/v1/webhook-subscriptions', { token, signal });

export const fetchWebhook = (token: string, subscriptionId: string, signal?: AbortSignal) =>
  request<WebhookSubscription>(`/api/v1/webhook-subscriptions/${id(subscriptionId)}`, { token, signal });

/** The answer carries the secret, shown this once. */
export const createWebhook = (token: string, body: { url: string; events: string[]; secret?: string }) =>
  request<WebhookSubscription & { secret: string }>('/api/v1/webhook-subscriptions', { method: 'POST', token, body });

export const deleteWebhook = (token: string, subscriptionId: string) =>
  request<void>(`/api/v1/webhook-subscriptions/${id(subscriptionId)}`, { method: 'DELETE', token });

/** A paused subscription active again: what it missed is delivered, in order. */
export const resumeWebhook = (token: string, subscriptionId: string) =>
  request<WebhookSubscription>(`/api/v1/webhook-subscriptions/${id(subscriptionId)}/resume`, {
    method: 'POST',
    token,
  });

export const fetchWebhookDeliveries = (token: string, subscriptionId: string, signal?: AbortSignal) =>
  request<Items<WebhookDelivery>>(`/api/v1/webhook-subscriptions/${id(subscriptionId)}/deliveries?limit=100`, {
    token,
    signal,
  });
