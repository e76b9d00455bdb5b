import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { exitOnStartupFailure, validateEnvironment } from '@app/config';

try {
  // Checked before the modules load (they read configuration on import), so bad settings are reported as a list.
  const { PORT } = validateEnvironment(process.env);
  const { createApi } = await import('./bootstrap.js');
  const app = await createApi();
  await app.listen(PORT, '0.0.0.0');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`api listening on port ${port} (pid ${process.pid})\n`);
} catch (error) {
  exitOnStartupFailure('api', error);
}
