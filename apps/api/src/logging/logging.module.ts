import { randomUUID } from 'node:crypto';
import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfigService } from '@app/config';
import { redactedUrl } from './redacted-url.js';

/** Header and query values that are secrets or signatures: never written to logs. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-api-key"]',
  'req.query["hub.verify_token"]',
  'res.headers["set-cookie"]',
];

function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Structured JSON logs (pino) with a request id on every line of a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        // nestjs-pino's default route pattern (`{/*splat}`) matches no request on the fastify adapter.
        forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          genReqId: requestId,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: (request: { url?: unknown }) =>
              typeof request.url === 'string' ? Object.assign(request, { url: redactedUrl(request.url) }) : request,
          },
          autoLogging: {
            ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics',
          },
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
