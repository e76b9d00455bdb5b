import { parse as parseForm } from 'node:querystring';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '@app/http';
import { LARGE_BODY_ROUTES } from './inbound/body-limits.js';
import { webhookPathPrefix } from './inbound/webhook-routes.js';

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const UNITS = { kb: 1024, mb: 1024 * 1024 } as const;

/**
 * Routes whose forms are signed as flat names and values and read from the bytes by the route itself (Twilio:
 * twilioParams). They are kept as bytes only: parsing them as forms here too would be work done twice per message.
 */
const RAW_FORM_ROUTES: readonly string[] = [webhookPathPrefix('twilio')];

/** BODY_LIMIT (`512kb`, `1mb`, as the configuration validates it) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/.exec(limit);
  if (!match) throw new Error(`BODY_LIMIT must look like 512kb or 1mb, not ${limit}`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}

/** The larger limit of a route that takes more than BODY_LIMIT, by its path. */
export function largeRouteLimit(url: string): number | undefined {
  return LARGE_BODY_ROUTES.find(({ pathPrefix }) => url.startsWith(pathPrefix))?.limitBytes;
}

const isRawFormRoute = (url: string) => RAW_FORM_ROUTES.some((pathPrefix) => url.startsWith(pathPrefix));

const tooLarge = () => new ProblemException(413, 'payload_too_large', 'The body is larger than this route takes');

/**
 * JSON and form bodies up to BODY_LIMIT everywhere (fastify's own limit, checked against Content-Length before a
 * byte is read), with their raw bytes kept for signatures; the few routes that take more (raw email) get their
 * own limit as the route's bodyLimit. Multipart bodies are left unread for the route to stream (Mailgun's bounded
 * reader); one whose Content-Length is over the route's limit is refused here, before anything is read.
 */
export function useBodyParsers(app: NestFastifyApplication, limit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = largeRouteLimit(route.url) ?? route.bodyLimit;
  });
  app.useBodyParser(FORM, { bodyLimit: limit }, (request, body, done) =>
    done(null, isRawFormRoute(request.url) ? undefined : { ...parseForm(body.toString('utf8')) }),
  );
  fastify.addContentTypeParser(MULTIPART, (request: FastifyRequest, _payload, done) => {
    const length = Number(request.headers['content-length']);
    done(length > request.routeOptions.bodyLimit ? tooLarge() : null, undefined);
  });
}
