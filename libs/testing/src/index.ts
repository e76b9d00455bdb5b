export { runAppProcess, startAppProcess, type RunningApp } from './app-process.js';
export { stopAfterJournalStep, stopAfterJournalSteps, type CrashableJournal } from './crash-hooks.js';
export { KilledWorkers, type WorkerKills } from './worker-kills.js';
export {
  CONSOLE_VIEWPORT,
  createTenantThroughCli,
  createWhatsappChannel,
  launchChromium,
  postWhatsapp,
  signInToConsole,
  type CliTenant,
  type WhatsappChannel,
} from './e2e.js';
export { createTenantWithUsers, startApiInProcess, type InProcessApi, type TestUser } from './in-process-api.js';
export { dropTestDatabase, testEnvironment, type TestEnvironment } from './test-env.js';
export {
  createConnectorChannel,
  createTestChannel,
  InboundQueueProbe,
  startIngressApi,
  type IngressApi,
} from './ingress.js';
export { RecordingConsole, type ConsoleClient } from './console-client.js';
export { mailgunMimeForm, rawEmail, whatsappHeaders, whatsappSignature, whatsappTextDelivery } from './providers.js';
export { RestClient, signInAll } from './rest-client.js';
export {
  startIdentityJobs,
  startMailWorker,
  startWebhookJobs,
  startWorkerModules,
  type MailWorker,
} from './worker-modules.js';
export { findInvariantViolations, type InvariantViolation } from './invariants.js';
export { holdAfterJournalStep, holdBefore, type HeldWork } from './database-holds.js';
export { crashScenario, type CrashScenario, type CrashScenarioOptions } from './crash-scenario.js';
export { seedBulkPairs } from './bulk-pairs.js';
export { seedCustomer, storeDerivedFields, type CustomerSeed } from './seed-customer.js';
export {
  eventually,
  startWebhookReceiver,
  verifyWebhookSignature,
  type AnswerPlan,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './webhook-receiver.js';
export {
  ProviderStandIn,
  startMailgunStandIn,
  startTwilioStandIn,
  startWhatsappStandIn,
  whatsappError,
  type RecordedRequest,
  type StandInAnswer,
} from './provider-stand-ins.js';
export { SmtpStandIn, type ReceivedMail } from './smtp-stand-in.js';
export { routeTable, socketEvents, type RouteEntry } from './route-table.js';
export { printFigure, proofSize } from './figures.js';
export {
  chunkings,
  contentTypes,
  extraHeaders,
  FuzzTally,
  fuzzVerdict,
  jsonShapedMutations,
  multipartBody,
  mutationsOf,
  rawPost,
  strangeBodies,
  wrongHexDigest,
  type Authenticity,
  type FuzzAnswer,
  type FuzzRequest,
} from './fuzzing.js';
export { pollUntil } from './poll.js';
export {
  mailgunDelivery,
  postDelivery,
  twilioDelivery,
  whatsappDelivery,
  type Delivery,
} from './provider-deliveries.js';
export { SmtpSession } from './smtp-session.js';
export { ProviderTraffic, type TrafficMessage, type Unavailable } from './provider-traffic.js';
export { TcpProxy } from './tcp-proxy.js';
