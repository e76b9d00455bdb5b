export type ChannelKind = 'whatsapp' | 'sms' | 'email' | 'api' | 'webchat';
export type Role = 'agent' | 'supervisor' | 'admin';

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  webhookUrl: string;
  createdAt: string;
}

export interface ConnectorKey {
  id: string;
  channelId: string;
  name: string;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
  /** The addresses its messages send join the customers holding them (else each is an unverified claim). */
  trusted: boolean;
}

export interface TenantUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface Items<T> {
  items: T[];
}

export interface SettingsChange {
  id: string;
  actor: { kind: string; id?: string; role?: string; rule?: string };
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  at: string;
}

/** What `GET /api/v1/settings/identity/audit` answers: the guards in force (the blocklist by its size) and changes. */
export interface SettingsAudit {
  changes: SettingsChange[];
}

export interface SettingsBackfill {
  settingsVersion: number;
  state: 'none' | 'waiting' | 'running' | 'done' | 'failed';
  checked: number;
  total: number | null;
}

/** One group of customers sharing the enforced value, as "apply to existing duplicates" reports it. */
export interface UniquenessRunGroup {
  survivorId: string;
  victimIds: string[];
  values: string[];
  outcome?: 'would_merge' | 'merged' | 'already_merged' | 'refused';
  mergeId?: string;
  code?: string;
  detail?: string;
}

export interface UniquenessRun {
  id: string;
  status: 'queued' | 'running' | 'done';
  dryRun: boolean;
  enforceUniqueBy: string;
  progress: { groups: number; done: number; merged: number; refused: number };
  report: UniquenessRunGroup[];
}

/** One bulk merge as `GET /api/v1/merges/bulk` lists it: its progress over every pair, not the pairs. */
export interface BulkMergeSummary {
  id: string;
  idempotencyKey: string;
  status: 'queued' | 'running' | 'done';
  actorKind: 'user' | 'connector';
  actorId: string;
  progress: { total: number; done: number; outcomes: Record<string, number> };
  report: { durationMs: number } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BulkMergePage {
  items: BulkMergeSummary[];
  nextCursor: string | null;
}

export type WebhookStatus = 'active' | 'paused';

export interface WebhookSubscription {
  id: string;
  url: string;
  events: string[];
  status: WebhookStatus;
  failingSince?: string;
  pausedAt?: string;
  createdAt: string;
}

export interface WebhookDeliveryAttempt {
  attempt: number;
  at: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
  nextAttemptAt?: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  status: 'pending' | 'delivered' | 'failed' | 'paused';
  attempts: WebhookDeliveryAttempt[];
  nextRetryAt?: string;
  failureReason?: string;
  createdAt: string;
}
