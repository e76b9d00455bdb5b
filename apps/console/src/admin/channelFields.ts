import type { ChannelKind } from './types';

export interface ConfigField {
  name: string;
  label: string;
  /** Write-only: never shown again, replaced by rotating. */
  secret?: boolean;
  optional?: boolean;
  /** Several values, one per line. */
  list?: boolean;
  placeholder?: string;
}

/** Where a connector receives replies, and the secret they are signed with. */
const CONNECTOR_FIELDS: ConfigField[] = [
  {
    name: 'callbackUrl',
    label: 'Callback URL (for replies)',
    optional: true,
    placeholder: 'https://chat.example.com/replies',
  },
  { name: 'callbackSecret', label: 'Callback signing secret', secret: true, optional: true },
];

/**
 * What each kind of channel asks for, as the api validates it (an email channel's SMTP relay for replies is set
 * through the api: `config.smtp`).
 */
export const CONFIG_FIELDS: Record<ChannelKind, ConfigField[]> = {
  whatsapp: [
    { name: 'phoneNumberId', label: 'Phone number ID', placeholder: '106540352242922' },
    { name: 'appSecret', label: 'App secret', secret: true },
    { name: 'verifyToken', label: 'Verify token', secret: true },
    { name: 'accessToken', label: 'Access token (for replies)', secret: true, optional: true },
  ],
  sms: [
    { name: 'accountSid', label: 'Account SID', placeholder: 'AC…' },
    { name: 'authToken', label: 'Auth token', secret: true },
    { name: 'phoneNumber', label: 'Phone number', placeholder: '+15550100000' },
  ],
  email: [
    { name: 'addresses', label: 'Addresses (one per line)', list: true, placeholder: 'support@example.com' },
    { name: 'mailgunSigningKey', label: 'Mailgun signing key', secret: true, optional: true },
    {
      name: 'replyFrom',
      label: 'Reply from (else the first address)',
      optional: true,
      placeholder: 'support@example.com',
    },
    { name: 'mailgunApiKey', label: 'Mailgun API key (for replies)', secret: true, optional: true },
    { name: 'mailgunDomain', label: 'Mailgun sending domain', optional: true, placeholder: 'mg.example.com' },
  ],
  api: CONNECTOR_FIELDS,
  webchat: CONNECTOR_FIELDS,
};

export const KIND_NAMES: Record<ChannelKind, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS (Twilio)',
  email: 'Email',
  api: 'API connector',
  webchat: 'Webchat',
};

export const CHANNEL_KINDS = Object.keys(KIND_NAMES) as ChannelKind[];

/** Connector keys exist for these kinds only. */
export const hasConnectorKeys = (kind: ChannelKind): boolean => kind === 'api' || kind === 'webchat';

export const secretFields = (kind: ChannelKind): ConfigField[] => CONFIG_FIELDS[kind].filter((field) => field.secret);

/** The config to send from what the form holds: empty fields left out, lists split by line. */
export function configOf(fields: ConfigField[], values: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const value = (values[field.name] ?? '').trim();
    if (value === '') continue;
    config[field.name] = field.list
      ? value
          .split(/[\n,]/)
          .map((line) => line.trim())
          .filter(Boolean)
      : value;
  }
  return config;
}
