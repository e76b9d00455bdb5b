import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

const SERVER_PATHS = /^\/(api|webhooks|health|metrics|socket\.io)(\/|$)/;
const HTML = /(^|,)\s*(text\/html|text\/\*|\*\/\*)\s*(;|,|$)/i;

/** Whether a request without a file of its own is a page of the console (a browser asking for HTML). */
function wantsConsolePage(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0];
  const accept = request.headers.accept;
  return !SERVER_PATHS.test(path) && (accept === undefined || HTML.test(accept));
}

/**
 * Serves the built console at `/`; any other GET that is not a server route gets index.html so the console's
 * own routes survive a reload. The console's files are routes of their own (read once at startup), so server
 * routes never reach the file system (a webhook is not a file lookup). Does nothing when the console was not built.
 */
export async function serveConsole(app: NestFastifyApplication, consoleDir: string): Promise<void> {
  if (!existsSync(join(consoleDir, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root: consoleDir,
    wildcard: false,
    index: 'index.html',
    maxAge: '1h',
    immutable: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request: FastifyRequest, reply: FastifyReply) =>
      wantsConsolePage(request) ? reply.sendFile('index.html', { maxAge: 0 }) : reply.callNotFound(),
    );
}
