import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { validateEnvironment, type AppConfigService } from '@app/config';
import { ConfigService } from '@nestjs/config';
import { ApiModule } from './api.module.js';
import { bodyLimitBytes, useBodyParsers } from './body-parsers.js';
import { serveConsole } from './console/console-static.js';
import { useHttpMetrics } from './metrics/http-metrics.hook.js';
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
export async function createApi(): Promise<NestFastifyApplication> {
  // Read before the module is created: fastify takes its limit and proxy trust when it is constructed.
  const bodyLimit = bodyLimitBytes(validateEnvironment(process.env).BODY_LIMIT);
  const adapter = new FastifyAdapter({ bodyLimit, trustProxy: 'loopback', multipart: false });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, adapter, {
    bufferLogs: true,
    rawBody: true,
    abortOnError: false,
  });
  const config = app.get<AppConfigService>(ConfigService);
  app.useLogger(app.get(Logger));
  useHttpMetrics(app);
  useBodyParsers(app, bodyLimit);
  useSecurityHeaders(app);
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.get('REDIS_URL', { infer: true })));
  if (apiDocsServed(config)) setUpOpenApi(app);
  await serveConsole(app, config.get('CONSOLE_DIR', { infer: true }) ?? BUILT_CONSOLE_DIR);
  app.enableShutdownHooks();
  return app;
}
