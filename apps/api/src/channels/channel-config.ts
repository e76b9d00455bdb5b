import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, validateSync } from 'class-validator';
import type { ChannelKind, ChannelSecrets, ChannelSettings } from '@app/persistence';

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

class NoConfig {}

const CONFIG_CLASS: Record<ChannelKind, new () => object> = {
  whatsapp: WhatsappConfig,
  sms: SmsConfig,
  email: EmailConfig,
  api: NoConfig,
  webchat: NoConfig,
};

const SECRET_FIELDS: readonly (keyof ChannelSecrets)[] = ['appSecret', 'verifyToken', 'authToken', 'mailgunSigningKey'];

export interface ConfigProblem {
  field: string;
  messages: string[];
}

export type SplitConfig = { settings: ChannelSettings; secrets: ChannelSecrets };

/** Validates a channel's config for its kind and splits it into public settings and write-only secrets. */
export function parseChannelConfig(kind: ChannelKind, config: Record<string, unknown>): SplitConfig | ConfigProblem[] {
  const instance = plainToInstance(CONFIG_CLASS[kind], config);
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
