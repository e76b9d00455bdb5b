import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const SERVER_PATHS = /^\/(api|webhooks|health|metrics|socket\.io)(\/|$)/;

/**
 * Serves the built console at `/`; any other GET that is not a server route gets index.html so the console's
 * own routes survive a reload. Does nothing when the console was not built.
 */
export function serveConsole(app: NestExpressApplication, consoleDir: string): boolean {
  const index = join(consoleDir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(consoleDir, { index: 'index.html', maxAge: '1h', immutable: false });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || SERVER_PATHS.test(request.path) || !request.accepts('html')) return next();
    response.sendFile(index);
  });
  return true;
}
