import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { labelMethod, NO_PHASE, startCountedApps, startRecording, tally, type CommandRecord } from './counted-apps.js';
import { loadAverage, machineLoad } from './cpu.js';
import { post } from './load.js';
import { matchingDelivery, RATE, seedEmailCustomers } from './matching-deliveries.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';

/**
 * Part 3 of `npm run bench:suggest`: what one delivery of part 1 (suggestion-latency) costs the database, counted as
 * in part 2 (api and worker in this process, by phase); it explains the rate part 1 sustains. Once one after another
 * (no call has a concurrent one to share a command with), once all at once. Only 127.0.0.1.
 */
const PER_DELIVERY = 50;
const PER_DELIVERY_FROM = 9_200_000;

async function measureDeliveryCommands(run: BenchRun): Promise<void> {
  out(`bench/delivery-commands: ${machineLoad()}`);
  const { connection, tenant } = await startSeeder(run);
  const { worker, base, checksDone } = await startCountedApps(run);
  const { SuggestionFinderService, InboundIngestionService } = await import('@app/identity');
  labelMethod('worker', worker.get(SuggestionFinderService), 'check', () => 'suggestion check');
  labelMethod('worker', worker.get(InboundIngestionService), 'ingest', () => 'ingest the delivery');
  const webhook = `${base}/webhooks/whatsapp/${tenant.channelId}`;

  const countDeliveries = async (from: number, together: boolean): Promise<void> => {
    await seedEmailCustomers(connection, tenant.tenantId, from, PER_DELIVERY);
    const stopRecording = startRecording();
    const checksBefore = checksDone();
    const send = async (index: number): Promise<void> => {
      const { body, headers } = matchingDelivery(index, 'bench-count-');
      const status = await post(webhook, body, headers);
      if (status !== 200) throw new Error(`the webhook answered ${status}`);
    };
    const indexes = Array.from({ length: PER_DELIVERY }, (_, offset) => from + offset);
    if (together) await Promise.all(indexes.map(send));
    else for (const index of indexes) await send(index);
    const deadline = performance.now() + 60_000;
    while (checksDone() < checksBefore + PER_DELIVERY && performance.now() < deadline) await sleep(50);
    const { commands } = stopRecording();
    const sizes = await Promise.all(
      ['customers', 'identities', 'messages'].map(
        async (name) => `${await connection.collection(name).estimatedDocumentCount()} ${name}`,
      ),
    );
    report(commands, checksDone() - checksBefore, together, `the database holds ${sizes.join(', ')}`);
  };
  await countDeliveries(PER_DELIVERY_FROM, false);
  await countDeliveries(PER_DELIVERY_FROM + PER_DELIVERY, true);
  out(`load average at the end: ${loadAverage()}`);
}

function report(records: CommandRecord[], checks: number, together: boolean, sizes: string): void {
  const perDelivery = (count: number): string => fixed(count / PER_DELIVERY, 2);
  out();
  out(
    `database commands per delivery of part 1 (${PER_DELIVERY} new numbers matching a contact phone sent ` +
      `${together ? 'all at once' : 'one after another'}, api and worker in this process; ${checks} checks ran; ` +
      `${sizes}), with their mean round trip:`,
  );
  const group = (record: CommandRecord): string =>
    `${record.side}: ${record.phase === NO_PHASE ? 'webhook' : record.phase}`;
  for (const [name, count] of tally(records, group)) {
    const inGroup = records.filter((record) => group(record) === name);
    const commands = [...tally(inGroup, (record) => record.command)].map(([command, n]) => {
      const timed = inGroup.filter((record) => record.command === command && record.ms !== undefined);
      const mean = timed.reduce((sum, record) => sum + record.ms!, 0) / timed.length;
      return `${command} ${perDelivery(n)} (${fixed(mean)} ms)`;
    });
    out(`  ${name.padEnd(30)} ${perDelivery(count).padStart(6)}   ${commands.join(', ')}`);
  }
  const total = records.length / PER_DELIVERY;
  out(
    `  total ${fixed(total, 2)} per delivery: at ${RATE} msg/s that is ${fixed(total * RATE, 0)} database ` +
      `commands/s`,
  );
}

runBench('delivery-commands', measureDeliveryCommands);
