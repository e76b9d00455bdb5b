import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting the apps read, with its default. Validated once at start; see README "Configuration".
 * Every field has an explicit type: conversion follows the decorator metadata, which comes from annotations.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URI must start with mongodb:// or mongodb+srv://' })
  MONGODB_URI!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'MONGODB_DB must be a plain database name' })
  MONGODB_DB?: string;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL!: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS: number = 8 * 3600;

  /** The address providers call; webhook signatures (Twilio) are computed over it. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString()
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT: string = '1mb';

  @IsInt()
  @Min(0)
  @Max(65535)
  SMTP_PORT: number = 2525;

  /** Whether this worker listens for SMTP; `false` on extra worker replicas that only run the queues. */
  @IsIn(['true', 'false'])
  SMTP_ENABLED: 'true' | 'false' = 'true';

  /** SMTP connections one remote address may hold at once; the next is answered 421 at connect. */
  @IsInt()
  @Min(1)
  SMTP_MAX_CONNECTIONS_PER_IP: number = 10;

  /**
   * Where raw inbound mail and attachments are kept (a directory every api and worker process shares); relative to
   * the working directory.
   */
  @IsString()
  @MinLength(1)
  STORAGE_DIR: string = '.local/storage';

  /**
   * The DNS servers inbound mail's sender authentication asks for DKIM keys and DMARC/SPF records (`ip` or `ip:port`,
   * comma-separated); unset: the system's resolvers.
   */
  @IsOptional()
  @Matches(/^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/, {
    message: 'DNS_SERVERS must be IP addresses (with an optional :port), comma-separated',
  })
  DNS_SERVERS?: string;

  /**
   * A running journal (merge, detach, undo) not moved for this long — no step recorded, no heartbeat of its executor —
   * was left by a dead worker or a failed job; the worker's periodic resumer finishes it (and gives back the locks of
   * a pending one). Its executor beats a third of it.
   */
  @IsInt()
  @Min(1)
  STUCK_OPERATION_SECONDS: number = 120;

  /** Password hashes computed at once (each takes a libuv pool thread for tens of milliseconds). */
  @IsInt()
  @Min(1)
  ARGON2_CONCURRENCY: number = 2;

  /** Sign-in attempts one client address may make per minute before it is refused for a minute. */
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE: number = 30;

  /**
   * The bearer token `/metrics` requires. Unset: `/metrics` answers only requests from this machine (loopback), so a
   * scraper elsewhere needs the token.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Whether `/api/docs` (Swagger UI and the OpenAPI JSON) is served; unset: everywhere but production. */
  @IsOptional()
  @IsIn(['true', 'false'])
  API_DOCS?: 'true' | 'false';

  /**
   * Lets webhook subscriptions call private, loopback and link-local addresses (development and tests only): in
   * production a tenant's URL must never reach our own network.
   */
  @IsIn(['true', 'false'])
  ALLOW_PRIVATE_WEBHOOK_URLS: 'true' | 'false' = 'false';

  /** A webhook subscription whose deliveries keep failing this long is paused until an admin resumes it. */
  @IsInt()
  @Min(1)
  WEBHOOKS_PAUSE_AFTER_SECONDS: number = 24 * 3600;

  /** How often the worker looks for new events (audit records, new customers) to post to subscriptions. */
  @IsInt()
  @Min(50)
  WEBHOOKS_FEED_INTERVAL_MS: number = 1000;
  /** Meta's Graph API, where WhatsApp replies go (a stand-in in tests and staging). */
  @IsUrl({ require_tld: false, require_protocol: true })
  WHATSAPP_API_URL: string = 'https://graph.facebook.com';

  /** The Graph API version of WhatsApp replies: `{WHATSAPP_API_URL}/v{version}/{phoneNumberId}/messages`. */
  @IsString()
  @Matches(/^\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION must look like 21.0' })
  WHATSAPP_API_VERSION: string = '21.0';

  /** Twilio's REST API, where SMS replies go. */
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_API_URL: string = 'https://api.twilio.com';

  /** Mailgun's REST API, where email replies of channels configured with a Mailgun API key go. */
  @IsUrl({ require_tld: false, require_protocol: true })
  MAILGUN_API_URL: string = 'https://api.mailgun.net';

  /** Folder of the built console; the api serves it at `/` when it exists (unset: the api's dist/console). */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses and validates raw environment variables; throws one error that lists every problem. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const environment = plainToInstance(Environment, defined, { enableImplicitConversion: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) =>
        message.startsWith(error.property) ? message : `${error.property}: ${message}`,
      ),
    );
    throw new ConfigurationError(problems);
  }
  return environment;
}
