import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '@nestjs/config';
import { exitOnStartupFailure, type AppConfigService } from '@app/config';
import { createApi } from './bootstrap.js';

try {
  const app = await createApi();
  const port = app.get<AppConfigService>(ConfigService).get('PORT', { infer: true });
  await app.listen(port, '0.0.0.0');
  const { port: bound } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`api listening on port ${bound}\n`);
} catch (error) {
  exitOnStartupFailure('api', error);
}
