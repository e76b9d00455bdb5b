import { startLocalServices, type LocalServices } from '@app/launcher';

declare global {
  var __TEST_SERVICES__: LocalServices | undefined;
}

/** One database server and one Redis for the whole run; each test file gets its own database (see test-env). */
export default async function globalSetup(): Promise<void> {
  const services = await startLocalServices();
  globalThis.__TEST_SERVICES__ = services;
  process.env.TEST_MONGODB_URI = services.mongo.url;
  process.env.TEST_REDIS_URL = services.redis.url;
}
