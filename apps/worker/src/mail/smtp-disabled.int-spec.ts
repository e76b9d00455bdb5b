import type { INestApplicationContext } from '@nestjs/common';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { MailModule, SmtpListenerModule } from './mail.module.js';
import { SmtpIngressService } from './smtp-ingress.service.js';

/** An extra worker replica with SMTP_ENABLED=false runs the mail processor and listens for no SMTP. */
let env: TestEnvironment;
let context: INestApplicationContext;

beforeAll(async () => {
  env = testEnvironment({ SMTP_ENABLED: 'false' });
  context = await startWorkerModules(env, [SmtpListenerModule, MailModule]);
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

it('starts without an SMTP listener', () => {
  expect(() => context.get(SmtpIngressService).port).toThrow('the SMTP listener is not listening');
});
