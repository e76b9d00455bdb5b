import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  validateSync,
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
}

/** `api` and `webchat` channels take no config. */
const CONFIG_CLASS: Record<ChannelKind, (new () => object) | undefined> = {
  whatsapp: WhatsappConfig,
  sms: SmsConfig,
  email: EmailConfig,
  api: undefined,
  webchat: undefined,
};

const SECRET_FIELDS: readonly (keyof ChannelSecrets)[] = [
  'appSecret',
  'verifyToken',
  'accessToken',
  'authToken',
  'mailgunSigningKey',
];

export interface ConfigProblem {
  field: string;
  messages: string[];
}

export type SplitConfig = { settings: ChannelSettings; secrets: ChannelSecrets };

/** Validates a channel's config for its kind and splits it into public settings and write-only secrets. */
export function parseChannelConfig(kind: ChannelKind, config: Record<string, unknown>): SplitConfig | ConfigProblem[] {
  const configClass = CONFIG_CLASS[kind];
  if (!configClass) {
    const unexpected = Object.keys(config);
    if (unexpected.length === 0) return { settings: {}, secrets: {} };
    return unexpected.map((key) => ({ field: `config.${key}`, messages: [`a ${kind} channel takes no ${key}`] }));
  }
  const instance = plainToInstance(configClass, config);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return errors.map((error) => ({
      field: `config.${error.property}`,
      messages: Object.values(error.constraints ?? {}),
    }));
  }
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) {
    if (value === undefined) continue;
    const target = (SECRET_FIELDS as readonly string[]).includes(key) ? secrets : settings;
    target[key] = key === 'addresses' ? (value as string[]).map((address) => address.trim().toLowerCase()) : value;
  }
  return { settings: settings as ChannelSettings, secrets: secrets as ChannelSecrets };
}
