import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Types } from 'mongoose';
import { machineLoad } from './cpu.js';
import { insertCustomers } from './customers.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { BENCH_PASSWORD, runBench } from './services.js';
import { median } from './statistics.js';
// The app runner and browser the tests use (compiled into dist through these imports; libs/testing is not).
import { startAppProcess } from '../libs/testing/src/app-process.js';
import { launchChromium } from '../libs/testing/src/e2e.js';

/**
 * `npm run bench:console`: the built console's size (raw and gzip, per asset), then the time to first render of a
 * customer page holding 200 conversations in headless Chromium, against the built api on local services: from
 * navigation start to the first frame showing the customer's name and conversations, cold then warm.
 */
const CONVERSATIONS = 200;
const LOADS = 6;
const CONSOLE_DIR = join(import.meta.dirname, '..', 'console');

function printBundleSize(): void {
  const assets = join(CONSOLE_DIR, 'assets');
  const files = ['index.html', ...readdirSync(assets).map((name) => join('assets', name))];
  out('console bundle (dist/console)         raw KiB   gzip KiB');
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(CONSOLE_DIR, file));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += zipped;
    out(`  ${file.padEnd(34)} ${fixed(bytes.length / 1024).padStart(8)} ${fixed(zipped / 1024).padStart(10)}`);
  }
  out(`  ${'total'.padEnd(34)} ${fixed(raw / 1024).padStart(8)} ${fixed(gzip / 1024).padStart(10)}`);
}

/** One customer with a WhatsApp identity and `CONVERSATIONS` conversations, one a day back from now. */
async function seedBusyCustomer(
  connection: Awaited<ReturnType<typeof startSeeder>>['connection'],
  tenantId: string,
  channelId: string,
) {
  const channel = new Types.ObjectId(channelId);
  const [{ customerId, identityId }] = await insertCustomers(connection, tenantId, [
    {
      name: 'Busy Customer',
      lastActiveAt: new Date(),
      identity: { kind: 'whatsapp', address: '+15550142000', channelId: channel },
    },
  ]);
  const day = 24 * 3600 * 1000;
  await connection.model('Conversation').insertMany(
    Array.from({ length: CONVERSATIONS }, (_, index) => ({
      tenantId: new Types.ObjectId(tenantId),
      customerId,
      identityId,
      channelId: channel,
      channelKind: 'whatsapp',
      key: `bench-console:${index}`,
      lastMessageAt: new Date(Date.now() - index * day),
      messageCount: 1,
    })),
  );
  return customerId.toHexString();
}

runBench('console', async (run) => {
  out(`bench/console-render: ${machineLoad()}`);
  printBundleSize();
  const { connection, tenant } = await startSeeder(run);
  const customerId = await seedBusyCustomer(connection, tenant.tenantId, tenant.channelId);
  const api = await startAppProcess('api', run.environment);
  run.onEnd(() => api.stop());
  const browser = await launchChromium();
  run.onEnd(() => browser.close());

  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(api.url);
  await page.getByLabel('Email').fill(tenant.agentEmail);
  await page.getByLabel('Password').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();

  // Evaluated in the page: the time since navigation start of the first frame with the name and conversations.
  const rendered =
    "document.querySelector('[data-testid=customer-name]') && " +
    "document.querySelectorAll('[data-testid=conversation]').length > 0 && performance.now()";
  const times: number[] = [];
  let shown = 0;
  for (let load = 0; load < LOADS; load++) {
    await page.goto(`${api.url}/customers/${customerId}`);
    times.push((await (await page.waitForFunction(rendered, undefined, { polling: 'raf' })).jsonValue()) as number);
    shown = await page.getByTestId('conversation').count();
  }
  out(`customer page, ${CONVERSATIONS} conversations (${shown} shown on the first page), headless Chromium 1366×768:`);
  out(`  time to first render: cold ${fixed(times[0])} ms; warm median ${fixed(median(times.slice(1)))} ms`);
  out(`  every load (ms): ${times.map((time) => fixed(time)).join(', ')}`);
});
