export { runAppProcess, startAppProcess, type RunningApp } from './app-process.js';
export { createTenantWithUsers, startApiInProcess, type InProcessApi, type TestUser } from './in-process-api.js';
export { dropTestDatabase, testEnvironment, type TestEnvironment } from './test-env.js';
export { createTestChannel, InboundQueueProbe } from './ingress.js';
export { RecordingConsole, type ConsoleClient } from './console-client.js';
export { mailgunMimeForm, rawEmail, whatsappSignature, whatsappTextDelivery } from './providers.js';
export { RestClient } from './rest-client.js';
