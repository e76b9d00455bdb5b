import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import type { ChannelKind } from '@app/domain';
import type { ChannelSecrets, ChannelSettings } from '@app/persistence';

class WhatsappConfig {
  @Matches(/^\d{5,20}$/, { message: 'phoneNumberId must be the numeric id Meta shows for the number' })
  phoneNumberId!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(256)
  appSecret!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(256)
  verifyToken!: string;

  /** The Cloud API token replies are sent with; without it the channel only receives. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  accessToken?: string;
}

class SmsConfig {
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'accountSid must look like AC followed by 32 hex digits' })
  accountSid!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(256)
  authToken!: string;

  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phoneNumber must be in E.164 form, e.g. +15550100000' })
  phoneNumber!: string;
}

export const SMTP_TLS_MODES = ['starttls', 'implicit', 'none'] as const;

/** The relay email replies are submitted to; its password is kept apart, write-only, as `smtpPassword`. */
class SmtpRelayConfig {
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'smtp.host must be a host name or address' })
  host!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  user?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password?: string;

  /** `starttls` (submission, 587: refused without it), `implicit` (465), `none` (a relay on the same host). */
  @IsOptional()
  @IsIn(SMTP_TLS_MODES)
  tls?: (typeof SMTP_TLS_MODES)[number];
}

class EmailConfig {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  addresses!: string[];

  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  mailgunSigningKey?: string;

  /** Replies leave from this address (one of `addresses`; the first when absent). */
  @IsOptional()
  @IsEmail()
  replyFrom?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SmtpRelayConfig)
  smtp?: SmtpRelayConfig;

  /** Replies through Mailgun's send API instead of a relay: the key and the sending domain go together. */
  @ValidateIf((config: EmailConfig) => config.mailgunDomain !== undefined)
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  mailgunApiKey?: string;

  @ValidateIf((config: EmailConfig) => config.mailgunApiKey !== undefined)
  @Matches(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, {
    message: 'mailgunDomain must be the sending domain, e.g. mg.example.com',
  })
  mailgunDomain?: string;
}

/** `api` and `webchat`: where replies are posted, and the secret they are signed with (both, or neither). */
class ConnectorConfig {
  @ValidateIf((config: ConnectorConfig) => config.callbackSecret !== undefined)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  callbackUrl?: string;

  @ValidateIf((config: ConnectorConfig) => config.callbackUrl !== undefined)
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  callbackSecret?: string;
}

const CONFIG_CLASS: Record<ChannelKind, new () => object> = {
  whatsapp: WhatsappConfig,
  sms: SmsConfig,
  email: EmailConfig,
  api: ConnectorConfig,
  webchat: ConnectorConfig,
};

const SECRET_FIELDS: readonly (keyof ChannelSecrets)[] = [
  'appSecret',
  'verifyToken',
  'accessToken',
  'authToken',
  'mailgunSigningKey',
  'mailgunApiKey',
  'callbackSecret',
];

export interface ConfigProblem {
  field: string;
  messages: string[];
}

export type SplitConfig = { settings: ChannelSettings; secrets: ChannelSecrets };

/** Validates a channel's config for its kind and splits it into public settings and write-only secrets. */
export function parseChannelConfig(kind: ChannelKind, config: Record<string, unknown>): SplitConfig | ConfigProblem[] {
  const configClass = CONFIG_CLASS[kind];
  const instance = plainToInstance(configClass, withStoredSmtpPassword(config));
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return errors.flatMap((error) => problemsOf(error, 'config'));
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) {
    if (value === undefined) continue;
    if (key === 'smtp') {
      const { password, ...relay } = value as SmtpRelayConfig;
      settings.smtp = { ...relay };
      if (password !== undefined) secrets.smtpPassword = password;
      continue;
    }
    const target = (SECRET_FIELDS as readonly string[]).includes(key) ? secrets : settings;
    target[key] = key === 'addresses' ? (value as string[]).map((address) => address.trim().toLowerCase()) : value;
  }
  return { settings: settings as ChannelSettings, secrets: secrets as ChannelSecrets };
}

/**
 * A stored relay's password is a secret of its own (`smtpPassword`); a change of the relay that does not give the
 * password again keeps it.
 */
function withStoredSmtpPassword(config: Record<string, unknown>): Record<string, unknown> {
  const { smtpPassword, ...rest } = config;
  const smtp = rest.smtp;
  if (typeof smtp !== 'object' || smtp === null || typeof smtpPassword !== 'string') return rest;
  return { ...rest, smtp: { password: smtpPassword, ...smtp } };
}

function problemsOf(error: ValidationError, parent: string): ConfigProblem[] {
  const field = `${parent}.${error.property}`;
  const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, field))];
}
