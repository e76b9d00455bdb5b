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
