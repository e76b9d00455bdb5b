import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AppConfigService } from '@app/config';
import { ConfigService } from '@nestjs/config';
import { ApiModule } from './api.module.js';
import { useBodyParsers } from './body-parsers.js';
import { serveConsole } from './console/console-static.js';
import { setUpOpenApi } from './openapi.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';
import { useSecurityHeaders } from './security-headers.js';

/** CONSOLE_DIR's default: this file runs as dist/apps/api/src/bootstrap.js and the console is built to dist/console. */
const BUILT_CONSOLE_DIR = fileURLToPath(new URL('../../../console', import.meta.url));

/** API_DOCS decides; unset, the docs are served everywhere but in production. */
function apiDocsServed(config: AppConfigService): boolean {
  const setting = config.get('API_DOCS', { infer: true });
  return setting === undefined ? config.get('NODE_ENV', { infer: true }) !== 'production' : setting === 'true';
}

/** Builds the api application (used by main and by tests); the caller listens. */
export async function createApi(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bufferLogs: true,
    rawBody: true,
    abortOnError: false,
  });
  const config = app.get<AppConfigService>(ConfigService);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  useSecurityHeaders(app);
  useBodyParsers(app, config.get('BODY_LIMIT', { infer: true }));
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.get('REDIS_URL', { infer: true })));
  if (apiDocsServed(config)) setUpOpenApi(app);
  serveConsole(app, config.get('CONSOLE_DIR', { infer: true }) ?? BUILT_CONSOLE_DIR);
  app.enableShutdownHooks();
  return app;
}
