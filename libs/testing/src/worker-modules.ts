import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DatabaseModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import type { TestEnvironment } from './test-env.js';

/**
 * Worker modules (`InboundModule`, `IdentityJobsModule`, …) in this process, initialized on the shared modules the
 * worker builds them on, with the database and Redis of `env`: an api test's `api.env`, or a worker test's own.
 * Configuration is read when its module is imported, so the environment is set first and the module imported after.
 */
export async function startWorkerModules(
  env: TestEnvironment,
  modules: NonNullable<ModuleMetadata['imports']>,
): Promise<INestApplicationContext> {
  Object.assign(process.env, env);
  const { AppConfigModule } = await import('@app/config');
  const moduleRef = await Test.createTestingModule({
    imports: [AppConfigModule, DatabaseModule, QueueModule, ...modules],
  }).compile();
  return moduleRef.init();
}

/** The worker's identity jobs (suggestion checks, merge and detach journals) in this process, for api tests. */
export async function startIdentityJobs(env: TestEnvironment): Promise<INestApplicationContext> {
  const { IdentityJobsModule } = await import('../../../apps/worker/src/identity-jobs.module.js');
  return startWorkerModules(env, [IdentityJobsModule]);
}

/** The worker's webhook feed and deliveries (with their sender) in this process, for api tests. */
export async function startWebhookJobs(env: TestEnvironment): Promise<INestApplicationContext> {
  const { DeliveriesModule } = await import('../../../apps/worker/src/deliveries/deliveries.module.js');
  const { WebhooksModule } = await import('../../../apps/worker/src/webhooks/webhooks.module.js');
  return startWorkerModules(env, [DeliveriesModule, WebhooksModule]);
}

export interface MailWorker {
  context: INestApplicationContext;
  /** The SMTP listener's port (when started with it). */
  smtpPort: number;
}

/**
 * The worker's mail in this process: the SMTP listener (stores raw mail and queues it) and, unless `processor` is
 * false, the processor of the mail queue (parses it into inbound jobs, which nothing here files).
 */
export async function startMailWorker(
  env: TestEnvironment,
  { processor = true }: { processor?: boolean } = {},
): Promise<MailWorker> {
  const { MailModule, SmtpListenerModule } = await import('../../../apps/worker/src/mail/mail.module.js');
  const { SmtpIngressService } = await import('../../../apps/worker/src/mail/smtp-ingress.service.js');
  const context = await startWorkerModules(env, processor ? [SmtpListenerModule, MailModule] : [SmtpListenerModule]);
  return { context, smtpPort: context.get(SmtpIngressService).port };
}
