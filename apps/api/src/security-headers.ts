import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const DOCS_PATH = /^\/api\/docs(\/|-json|$)/;

/** The console is built by Vite into files of its own origin; its socket.io connection is same-origin too. */
const CONSOLE_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // TLS ends at the proxy in front; on plain http (npm start) this would send the console's requests to https.
  upgradeInsecureRequests: null,
};

/** Swagger UI starts from an inline script and styles. */
const DOCS_POLICY = {
  ...CONSOLE_POLICY,
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every answer (helmet): a content security policy the console and Swagger UI run under, no
 * framing, nosniff, HSTS (browsers honour it over https only), no referrer across origins. Each policy's helmet is
 * built once: @fastify/helmet builds one per request, which cost 5% of the api's busy time on the webhook path.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const common = {
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    hsts: { maxAge: 180 * 24 * 3600, includeSubDomains: true },
  };
  const everywhere = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_POLICY } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      (DOCS_PATH.test(request.url) ? docs : everywhere)(request.raw, reply.raw, (error) =>
        done(error as Error | undefined),
      ),
    );
}
