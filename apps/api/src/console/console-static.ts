import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

const SERVER_PATHS = /^\/(api|webhooks|health|metrics|socket\.io)(\/|$)/;

/**
 * Serves the built console at `/`; any other GET that is not a server route gets index.html so the console's
 * own routes survive a reload. Server routes never reach the file system (a webhook is not a file lookup). Does
 * nothing when the console was not built.
 */
export function serveConsole(app: NestExpressApplication, consoleDir: string): void {
  const index = join(consoleDir, 'index.html');
  if (!existsSync(index)) return;
  const assets = express.static(consoleDir, { index: 'index.html', maxAge: '1h', immutable: false });
  const isConsoleRequest = (request: Request) =>
    (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATHS.test(request.path);
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isConsoleRequest(request)) return next();
    assets(request, response, () => (request.accepts('html') ? response.sendFile(index) : next()));
  });
}
