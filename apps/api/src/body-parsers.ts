import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { LARGE_BODY_ROUTES } from './inbound/body-limits.js';
import { webhookPathPrefix } from './inbound/webhook-routes.js';

const FORM = /^application\/x-www-form-urlencoded\b/i;

/**
 * Routes whose forms are signed as flat names and values and read from the bytes by the route itself (Twilio:
 * twilioParams). They are kept as bytes only: parsing them as forms here too would be work done twice per message.
 */
const RAW_FORM_ROUTES: readonly string[] = [webhookPathPrefix('twilio')];

function largeRouteLimit(request: IncomingMessage): number | undefined {
  return LARGE_BODY_ROUTES.find(({ pathPrefix }) => request.url?.startsWith(pathPrefix))?.limitBytes;
}

/** What body-parser raises for an oversized body: the problem filter answers it as 413 payload_too_large. */
function tooLarge(): Error {
  return Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, expose: true });
}

const formOn = (pathPrefix: string) => (request: IncomingMessage) =>
  !!request.url?.startsWith(pathPrefix) && FORM.test(request.headers['content-type'] ?? '');

/**
 * JSON and form bodies up to BODY_LIMIT everywhere, except the few routes that take more (raw email): their forms are
 * read by a parser with their own limit, which leaves the global one nothing to do. Their multipart bodies are parsed
 * by the route (multer), so an oversized Content-Length is refused here, before anything is read.
 */
export function useBodyParsers(app: NestExpressApplication, limit: string): void {
  app.use((request: Request, _response: Response, next: NextFunction) => {
    const routeLimit = largeRouteLimit(request);
    const length = Number(request.headers['content-length']);
    next(routeLimit !== undefined && length > routeLimit ? tooLarge() : undefined);
  });
  for (const { limitBytes, pathPrefix } of LARGE_BODY_ROUTES) {
    app.useBodyParser('urlencoded', { limit: limitBytes, extended: true, type: formOn(pathPrefix) });
  }
  for (const pathPrefix of RAW_FORM_ROUTES) app.useBodyParser('raw', { limit, type: formOn(pathPrefix) });
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: true });
}
