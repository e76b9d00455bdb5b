import 'reflect-metadata';
import { signIn } from './agent.js';
import { labelMethod, NO_PHASE, startCountedApps, startRecording, tally, type CommandRecord } from './counted-apps.js';
import { loadAverage, machineLoad } from './cpu.js';
import { seedMergeCase, type MergeCase } from './merge-cases.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';

/**
 * Part 4 of `npm run bench:suggest`: the database commands of undoing the merge of a customer with a long history
 * (BENCH_CONVERSATIONS conversations, ten messages each) and of one with one conversation, through
 * POST /api/v1/merges/:id/undo with the api and the worker in this process, counted per side and per phase (the
 * suggestion checks the undo queues are jobs of their own, not counted). Only 127.0.0.1.
 */
const CONVERSATIONS = positiveSetting('BENCH_CONVERSATIONS', 5000);
const MESSAGES_PER_CONVERSATION = 10;
const UNDO_COMMAND_TARGET = 30;

const REQUEST = 'the request';
const JOB = 'the job';
const CHECKS = 'suggestion checks';

interface UndoMeasurement {
  status: number;
  requestMs: number;
  workerMs: number;
  undo: CommandRecord[];
}

async function measureUndoCommands(run: BenchRun): Promise<void> {
  out(`bench/undo-commands: ${machineLoad()}`);
  const { connection, tenant } = await startSeeder(run);
  const { api, worker, base, waitForJob } = await startCountedApps(run);
  const [{ MergesService }, identity, persistence] = await Promise.all([
    import('../apps/api/src/merges/merges.service.js'),
    import('@app/identity'),
    import('@app/persistence'),
  ]);

  labelMethod('api', api.get(MergesService), 'undo', () => REQUEST);
  const apiUndos = api.get(persistence.MergeUndoRepository);
  labelMethod('api', apiUndos, 'create', () => 'journal: create');
  labelMethod('api', apiUndos, 'startRunning', () => 'journal: the plan, running');
  labelMethod('api', apiUndos, 'findById', () => 'journal: read');
  labelMethod('api', api.get(persistence.MergeRepository), 'findById', () => 'merge: read');
  labelMethod('api', api.get(persistence.MergeRepository), 'claimUndo', () => 'merge: claim');
  labelMethod('api', api.get(persistence.MergeLockRepository), 'acquire', () => 'locks: acquire');
  labelMethod('api', api.get(identity.MergeUndoStarterService), 'plan', () => 'plan (under the locks)');
  const executor = worker.get(identity.MergeUndoExecutorService);
  labelMethod('worker', executor, 'execute', () => JOB);
  labelMethod('worker', executor, 'run', (args) => `step ${String(args[0])}`);
  labelMethod('worker', executor, 'recordUndo', () => 'audit record');
  const workerUndos = worker.get(persistence.MergeUndoRepository);
  labelMethod('worker', workerUndos, 'findById', () => 'journal: load');
  labelMethod('worker', workerUndos, 'completeStep', (args) => `journal: ${String(args[2])} done`);
  labelMethod('worker', workerUndos, 'finish', () => 'journal: finish');
  labelMethod('worker', worker.get(identity.SuggestionFinderService), 'check', () => CHECKS);

  // Supervisors and admins undo merges: the bench tenant's admin does.
  const supervisorToken = await signIn(base, `admin-${run.runId}@bench.example`);

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisorToken}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, view: (await response.json()) as { id?: string } };
  };

  const mergeAndUndo = async (mergeCase: MergeCase): Promise<UndoMeasurement> => {
    const merged = await post('/api/v1/merges', { survivorId: mergeCase.survivorId, victimIds: [mergeCase.victimId] });
    if (!merged.view.id) throw new Error(`merge answered ${merged.status}: ${JSON.stringify(merged.view)}`);
    if ((await waitForJob(`merge-${merged.view.id}`, 120_000)) === undefined) throw new Error('merge did not finish');
    await waitForJob(`check-${tenant.tenantId}-merge-${merged.view.id}`, 10_000);

    const stopRecording = startRecording();
    const started = performance.now();
    const undone = await post(`/api/v1/merges/${merged.view.id}/undo`, {});
    const requestMs = performance.now() - started;
    if (!undone.view.id) throw new Error(`undo answered ${undone.status}: ${JSON.stringify(undone.view)}`);
    const doneAt = await waitForJob(`undo-${undone.view.id}`, 120_000);
    if (doneAt === undefined) throw new Error(`undo ${undone.view.id} did not finish within 120 s`);
    for (const customerId of [mergeCase.survivorId, mergeCase.victimId]) {
      await waitForJob(`check-${tenant.tenantId}-undo-${undone.view.id}-${customerId}`, 10_000);
    }
    const { commands } = stopRecording();
    return {
      status: undone.status,
      requestMs,
      workerMs: doneAt - started,
      undo: commands.filter((record) => record.phase !== CHECKS && record.phase !== NO_PHASE),
    };
  };

  const seedStarted = performance.now();
  const warm = await seedMergeCase(connection, tenant, 'undo-warm-up', 1, 1, '+15559100001');
  const small = await seedMergeCase(connection, tenant, 'undo-small', 1, 1, '+15559100002');
  const large = await seedMergeCase(
    connection,
    tenant,
    'undo-large',
    CONVERSATIONS,
    MESSAGES_PER_CONVERSATION,
    '+15559100003',
  );
  out();
  out(
    `part 4: undos through POST /api/v1/merges/:id/undo (api and worker in this process, counting commandStarted); ` +
      `seeded in ${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  await mergeAndUndo(warm);
  const smallResult = await mergeAndUndo(small);
  const largeResult = await mergeAndUndo(large);
  report('victim with 1 conversation / 1 message, 1 identity', smallResult);
  report(
    `victim with ${CONVERSATIONS} conversations / ${CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages, 1 identity`,
    largeResult,
  );
  const key = (record: CommandRecord): string => `${record.side} · ${record.phase} · ${record.command}`;
  const before = tally(smallResult.undo, key);
  const after = tally(largeResult.undo, key);
  const grown = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => before.get(name) !== after.get(name),
  );
  out();
  out(
    `history dependence: ${smallResult.undo.length} commands for 1 conversation, ${largeResult.undo.length} for ` +
      `${CONVERSATIONS} conversations${grown.length === 0 ? ' — the same commands' : ''}`,
  );
  for (const name of grown) out(`    ${name}: ${before.get(name) ?? 0} → ${after.get(name) ?? 0}`);
  out(`load average at the end: ${loadAverage()}`);
}

function report(title: string, result: UndoMeasurement): void {
  const api = result.undo.filter((record) => record.side === 'api');
  const worker = result.undo.filter((record) => record.side === 'worker');
  const total = result.undo.length;
  out();
  out(`undo, ${title} (after one warm-up undo):`);
  out(
    `  POST /api/v1/merges/:id/undo answered ${result.status} in ${fixed(result.requestMs)} ms; the worker's job ` +
      `finished ${fixed(result.workerMs)} ms after the request was sent`,
  );
  out(
    `  database commands: api ${api.length} + worker ${worker.length} = ${total} ` +
      `(target ≤ ${UNDO_COMMAND_TARGET}: ${total <= UNDO_COMMAND_TARGET ? 'met' : 'NOT met'})`,
  );
  for (const [side, records] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    out(`  ${side} by phase:`);
    for (const [phase, count] of tally(records, (record) => record.phase)) {
      const inPhase = records.filter((record) => record.phase === phase);
      const names = [...tally(inPhase, (record) => record.command).entries()].map(([name, n]) => `${name} ${n}`);
      out(`    ${phase.padEnd(38)} ${String(count).padStart(3)}   ${names.join(', ')}`);
    }
  }
}

runBench('undo-commands', measureUndoCommands);
