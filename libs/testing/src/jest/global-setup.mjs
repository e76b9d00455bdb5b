// Plain ESM on the built launcher: Jest loads global setup outside its module system (`npm test` builds first).
import { startLocalServices } from '../../../../dist/libs/launcher/src/index.js';

/** One database server and one Redis for the whole run; each test file gets its own database (see test-env). */
export default async function globalSetup() {
  const services = await startLocalServices();
  globalThis.__TEST_SERVICES__ = services;
  process.env.TEST_MONGODB_URI = services.mongo.url;
  process.env.TEST_REDIS_URL = services.redis.url;
}
