import 'reflect-metadata';
import { signIn } from './agent.js';
import {
  labelMethod,
  NO_PHASE,
  startCountedApps,
  startRecording,
  tally,
  type CommandRecord,
  type PhaseTiming,
  type Side,
} from './counted-apps.js';
import { loadAverage, machineLoad } from './cpu.js';
import { seedMergeCase, type MergeCase } from './merge-cases.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';

/**
 * Part 2 of `npm run bench:suggest`: the database commands of merging a customer with a long history
 * (BENCH_CONVERSATIONS conversations, ten messages each) and of a customer with one conversation, through
 * POST /api/v1/merges with the api and the worker in this process, counted per side and per journal step.
 * Only 127.0.0.1.
 */
const CONVERSATIONS = positiveSetting('BENCH_CONVERSATIONS', 5000);
const MESSAGES_PER_CONVERSATION = 10;
const MERGE_COMMAND_TARGET = 30;
const ASSETS_CASE =
  `victim with 1 conversation and assets (loyalty standings on both, a gift card, a house account, ` +
  `${CONVERSATIONS} transactions)`;

const FOLLOW_UP = "the survivor's suggestion check";
const REQUEST = 'the request';
const JOB = 'the job';
const UNRELATED = 'another suggestion check';

interface MergeMeasurement {
  status: number;
  requestMs: number;
  workerMs: number;
  merge: CommandRecord[];
  followUp: CommandRecord[];
  other: CommandRecord[];
  timings: PhaseTiming[];
}

async function measureMergeCommands(run: BenchRun): Promise<void> {
  out(`bench/merge-commands: ${machineLoad()}`);
  const { connection, tenant } = await startSeeder(run);
  const { api, worker, base, waitForJob } = await startCountedApps(run);
  const [{ MergesService }, identity, persistence, { MergesProducer }] = await Promise.all([
    import('../apps/api/src/merges/merges.service.js'),
    import('@app/identity'),
    import('@app/persistence'),
    import('@app/queue'),
  ]);

  // The api: what MergesService and MergeStarterService call, each under its name.
  let survivorId = '';
  labelMethod('api', api.get(MergesService), 'start', () => REQUEST);
  labelMethod('api', api.get(identity.MergePlannerService), 'plan', () => 'plan (under the locks)');
  const apiMerges = api.get(persistence.MergeRepository);
  labelMethod('api', apiMerges, 'create', () => 'journal: create');
  labelMethod('api', apiMerges, 'startRunning', () => 'journal: the plan, running');
  labelMethod('api', apiMerges, 'setStatus', () => 'journal: status');
  labelMethod('api', apiMerges, 'findById', () => 'journal: read the result');
  labelMethod('api', api.get(persistence.MergeLockRepository), 'acquire', () => 'locks: acquire');
  labelMethod('api', api.get(MergesProducer), 'execute', () => 'enqueue the job (Redis)');
  labelMethod('api', api.get(MergesProducer), 'waitFor', () => 'wait for the worker (Redis)');
  // The worker: the job, each journal step and its record.
  const executor = worker.get(identity.MergeExecutorService);
  labelMethod('worker', executor, 'execute', () => JOB);
  labelMethod('worker', executor, 'run', (args) => `step ${String(args[0])}`);
  const workerMerges = worker.get(persistence.MergeRepository);
  labelMethod('worker', workerMerges, 'findById', () => 'journal: load');
  labelMethod('worker', workerMerges, 'completeStep', (args) => `journal: ${String(args[2])} done`);
  labelMethod('worker', workerMerges, 'finish', () => 'journal: finish');
  labelMethod('worker', worker.get(identity.SuggestionFinderService), 'check', (args) =>
    args[1] === survivorId ? FOLLOW_UP : UNRELATED,
  );

  const accessToken = await signIn(base, tenant.agentEmail);

  const merge = async (mergeCase: MergeCase): Promise<MergeMeasurement> => {
    survivorId = mergeCase.survivorId;
    const stopRecording = startRecording();
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/merges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ survivorId: mergeCase.survivorId, victimIds: [mergeCase.victimId] }),
    });
    const requestMs = performance.now() - started;
    const view = (await response.json()) as { id?: string; status?: string };
    if (!view.id) throw new Error(`merge answered ${response.status}: ${JSON.stringify(view)}`);
    const doneAt = await waitForJob(`merge-${view.id}`, 120_000);
    if (doneAt === undefined) throw new Error(`merge ${view.id} did not finish within 120 s`);
    // The survivor's duplicate check the merge queues: counted apart, it is a job of its own.
    await waitForJob(`check-${tenant.tenantId}-merge-${view.id}`, 10_000);
    const { commands, timings } = stopRecording();
    const unrelated = (record: CommandRecord): boolean => record.phase === UNRELATED || record.phase === NO_PHASE;
    return {
      status: response.status,
      requestMs,
      workerMs: doneAt - started,
      merge: commands.filter((record) => record.phase !== FOLLOW_UP && !unrelated(record)),
      followUp: commands.filter((record) => record.phase === FOLLOW_UP),
      other: commands.filter(unrelated),
      timings,
    };
  };

  const seedStarted = performance.now();
  const warm = await seedMergeCase(connection, tenant, 'warm-up', 1, 1, '+15559000001');
  const small = await seedMergeCase(connection, tenant, 'small', 1, 1, '+15559000002');
  const large = await seedMergeCase(
    connection,
    tenant,
    'large',
    CONVERSATIONS,
    MESSAGES_PER_CONVERSATION,
    '+15559000003',
  );
  const withAssets = await seedMergeCase(connection, tenant, 'assets', 1, 1, '+15559000004', CONVERSATIONS);
  out();
  out(
    `part 2: merges through POST /api/v1/merges (api and worker in this process, counting commandStarted); seeded ` +
      `in ${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  await merge(warm);
  const smallResult = await merge(small);
  const largeResult = await merge(large);
  const assetsResult = await merge(withAssets);
  report(`victim with 1 conversation / 1 message, 1 identity`, smallResult);
  report(
    `victim with ${CONVERSATIONS} conversations / ${CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages, 1 identity`,
    largeResult,
  );
  report(ASSETS_CASE, assetsResult);
  compare(smallResult, largeResult);
  out(`load average at the end: ${loadAverage()}`);
}

const listed = (counts: Map<string, number>): string =>
  [...counts.entries()].map(([name, count]) => `${name} ${count}`).join(', ');

/** Commands by name with their count, and their time where it is worth a look. */
function listedWithTime(records: CommandRecord[]): string {
  return [...tally(records, (record) => record.command).entries()]
    .map(([name, count]) => {
      const ms = records.filter((record) => record.command === name).reduce((sum, record) => sum + (record.ms ?? 0), 0);
      return `${name} ${count}${ms >= 20 ? ` (${fixed(ms, 0)} ms)` : ''}`;
    })
    .join(', ');
}

function report(title: string, result: MergeMeasurement): void {
  const api = result.merge.filter((record) => record.side === 'api');
  const worker = result.merge.filter((record) => record.side === 'worker');
  const total = result.merge.length;
  out();
  out(`merge, ${title} (after one warm-up merge):`);
  const timeOf = (side: Side, phase: string): number =>
    result.timings.find((timing) => timing.side === side && timing.phase === phase)?.totalMs ?? Number.NaN;
  out(
    `  POST /api/v1/merges answered ${result.status} in ${fixed(result.requestMs)} ms ` +
      `(MergesService.start ${fixed(timeOf('api', REQUEST))} ms); the worker's job ran ` +
      `${fixed(timeOf('worker', JOB))} ms and finished ${fixed(result.workerMs)} ms after the request was sent`,
  );
  out(
    `  database commands: api ${api.length} + worker ${worker.length} = ${total} ` +
      `(target ≤ ${MERGE_COMMAND_TARGET}: ${total <= MERGE_COMMAND_TARGET ? 'met' : 'NOT met'})`,
  );
  const names = [...tally(result.merge, (record) => record.command.split(' ')[0]).keys()].sort();
  out(`  by command name        ${'api'.padStart(6)} ${'worker'.padStart(6)} ${'total'.padStart(6)}`);
  for (const name of names) {
    const count = (records: CommandRecord[]) => records.filter((record) => record.command.split(' ')[0] === name);
    out(
      `    ${name.padEnd(20)} ${String(count(api).length).padStart(6)} ${String(count(worker).length).padStart(6)} ` +
        `${String(count(result.merge).length).padStart(6)}`,
    );
  }
  for (const [side, records] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    out(`  ${side} by phase (commands, ms of its own; ms per command where ≥ 20):`);
    const named = [
      ...new Set([
        ...result.timings.filter((timing) => timing.side === side).map((timing) => timing.phase),
        ...records.map((record) => record.phase),
      ]),
    ].filter(
      (phase) => ![REQUEST, JOB, FOLLOW_UP, UNRELATED].includes(phase) || records.some((r) => r.phase === phase),
    );
    for (const phase of named) {
      const inPhase = records.filter((record) => record.phase === phase);
      const ms = result.timings.find((timing) => timing.side === side && timing.phase === phase)?.ms;
      out(
        `    ${phase.padEnd(38)} ${String(inPhase.length).padStart(3)} ${fixed(ms ?? Number.NaN, 0).padStart(7)}   ` +
          listedWithTime(inPhase),
      );
    }
  }
  out(
    `  not counted: the survivor's suggestion check the merge queues (a job of its own) ${result.followUp.length} ` +
      `commands [${listed(tally(result.followUp, (record) => record.command))}]` +
      (result.other.length ? `; unrelated commands meanwhile ${result.other.length}` : ''),
  );
}

function compare(small: MergeMeasurement, large: MergeMeasurement): void {
  const key = (record: CommandRecord): string => `${record.side} · ${record.phase} · ${record.command}`;
  const before = tally(small.merge, key);
  const after = tally(large.merge, key);
  const grown = [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => ({ name, small: before.get(name) ?? 0, large: after.get(name) ?? 0 }))
    .filter((row) => row.small !== row.large);
  out();
  out(
    `history dependence: ${small.merge.length} commands for 1 conversation, ${large.merge.length} for ${CONVERSATIONS} ` +
      `conversations${grown.length === 0 ? ' — the same commands' : ''}`,
  );
  for (const row of grown) out(`    ${row.name}: ${row.small} → ${row.large}`);
}

runBench('merge-commands', measureMergeCommands);
