import 'reflect-metadata';
import { exitOnStartupFailure, validateEnvironment } from '@app/config';

try {
  // Checked before the modules load (they read configuration on import), so bad settings are reported as a list.
  validateEnvironment(process.env);
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module.js');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write(`worker ready (pid ${process.pid})\n`);
} catch (error) {
  exitOnStartupFailure('worker', error);
}
