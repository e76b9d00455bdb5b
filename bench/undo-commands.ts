import 'reflect-metadata';
import { Types } from 'mongoose';
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
 * suggestion checks the undo queues are jobs of their own, not counted); then, for the same two histories, detaching
 * the identity that brought them and undoing the detach, and moving one conversation of the customer holding them and
 * undoing the move. Only 127.0.0.1.
 */
const CONVERSATIONS = positiveSetting('BENCH_CONVERSATIONS', 5000);
const MESSAGES_PER_CONVERSATION = 10;
const UNDO_COMMAND_TARGET = 30;

const REQUEST = 'the request';
const JOB = 'the job';
const CHECKS = 'suggestion checks';

interface Measurement {
  id: string;
  status: number;
  requestMs: number;
  workerMs: number;
  undo: CommandRecord[];
}

async function measureUndoCommands(run: BenchRun): Promise<void> {
  out(`bench/undo-commands: ${machineLoad()}`);
  const { connection, tenant } = await startSeeder(run);
  const { api, worker, base, waitForJob } = await startCountedApps(run);
  const [{ MergesService }, { DetachesService }, { MovesService }, identity, persistence] = await Promise.all([
    import('../apps/api/src/merges/merges.service.js'),
    import('../apps/api/src/detaches/detaches.service.js'),
    import('../apps/api/src/moves/moves.service.js'),
    import('@app/identity'),
    import('@app/persistence'),
  ]);

  labelMethod('api', api.get(MergesService), 'undo', () => REQUEST);
  for (const service of [api.get(DetachesService), api.get(MovesService)]) {
    labelMethod('api', service, 'start', () => REQUEST);
    labelMethod('api', service, 'undo', () => REQUEST);
  }
  for (const executor of [worker.get(identity.DetachExecutorService), worker.get(identity.MoveExecutorService)]) {
    labelMethod('worker', executor, 'execute', () => JOB);
    labelMethod('worker', executor, 'run', (args) => `step ${String(args[0])}`);
  }
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

  /** Commands of one request and the journal job it starts (`job` names it from the answer's id), until it ends. */
  const measured = async (path: string, body: unknown, job: (id: string) => string): Promise<Measurement> => {
    const stopRecording = startRecording();
    const started = performance.now();
    const answered = await post(path, body);
    const requestMs = performance.now() - started;
    if (!answered.view.id) throw new Error(`${path} answered ${answered.status}: ${JSON.stringify(answered.view)}`);
    const doneAt = await waitForJob(job(answered.view.id), 120_000);
    if (doneAt === undefined) throw new Error(`${job(answered.view.id)} did not finish within 120 s`);
    const { commands } = stopRecording();
    return {
      id: answered.view.id,
      status: answered.status,
      requestMs,
      workerMs: doneAt - started,
      undo: commands.filter((record) => record.phase !== CHECKS && record.phase !== NO_PHASE),
    };
  };

  const merged = async (mergeCase: MergeCase): Promise<string> => {
    const merge = await post('/api/v1/merges', { survivorId: mergeCase.survivorId, victimIds: [mergeCase.victimId] });
    if (!merge.view.id) throw new Error(`merge answered ${merge.status}: ${JSON.stringify(merge.view)}`);
    if ((await waitForJob(`merge-${merge.view.id}`, 120_000)) === undefined) throw new Error('merge did not finish');
    await waitForJob(`check-${tenant.tenantId}-merge-${merge.view.id}`, 10_000);
    return merge.view.id;
  };

  const mergeAndUndo = async (mergeCase: MergeCase): Promise<Measurement> => {
    const mergeId = await merged(mergeCase);
    const undone = await measured(`/api/v1/merges/${mergeId}/undo`, {}, (id) => `undo-${id}`);
    // The checks the undo queued finish before the next measurement starts.
    for (const customerId of [mergeCase.survivorId, mergeCase.victimId]) {
      await waitForJob(`check-${tenant.tenantId}-undo-${undone.id}-${customerId}`, 10_000);
    }
    return undone;
  };

  /**
   * The victim's history joined to the survivor by a merge, then: its identity detached (the history leaves with it)
   * and the detach undone (it comes back); one of its conversations moved to `elsewhere` and the move undone.
   */
  const detachAndMove = async (mergeCase: MergeCase, elsewhere: string) => {
    const victim = new Types.ObjectId(mergeCase.victimId);
    const identityId = (await connection.collection('identities').findOne({ customerId: victim }))?._id;
    const conversationId = (await connection.collection('conversations').findOne({ customerId: victim }))?._id;
    if (!identityId || !conversationId) throw new Error(`${mergeCase.label}: no identity or conversation seeded`);
    await merged(mergeCase);
    const detach = await measured(
      `/api/v1/customers/${mergeCase.survivorId}/identities/${identityId.toHexString()}/detach`,
      {},
      (id) => `detach-${id}`,
    );
    const detachUndo = await measured(`/api/v1/detaches/${detach.id}/undo`, {}, (id) => `detach-${id}`);
    const move = await measured(
      `/api/v1/conversations/${conversationId.toHexString()}/move`,
      { customerId: elsewhere },
      (id) => `move-${id}`,
    );
    const moveUndo = await measured(`/api/v1/moves/${move.id}/undo`, {}, (id) => `move-${id}`);
    return { detach, detachUndo, move, moveUndo };
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
  const withAssets = await seedMergeCase(connection, tenant, 'undo-assets', 1, 1, '+15559100009', CONVERSATIONS);
  out();
  out(
    `part 4: undos through POST /api/v1/merges/:id/undo (api and worker in this process, counting commandStarted); ` +
      `seeded in ${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  await mergeAndUndo(warm);
  const smallResult = await mergeAndUndo(small);
  const largeResult = await mergeAndUndo(large);
  const assetsResult = await mergeAndUndo(withAssets);
  const smallHistory = 'victim with 1 conversation / 1 message, 1 identity';
  const largeHistory =
    `victim with ${CONVERSATIONS} conversations / ${CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages, ` +
    '1 identity';
  report('undo', 'POST /api/v1/merges/:id/undo', smallHistory, smallResult);
  report('undo', 'POST /api/v1/merges/:id/undo', largeHistory, largeResult);
  report(
    'undo',
    'POST /api/v1/merges/:id/undo',
    `victim with 1 conversation and assets (loyalty standings on both, a gift card, a house account, ` +
      `${CONVERSATIONS} transactions)`,
    assetsResult,
  );
  compare('merge undo', smallResult, largeResult);

  const detachSmall = await seedMergeCase(connection, tenant, 'detach-small', 1, 1, '+15559100004');
  const detachLarge = await seedMergeCase(
    connection,
    tenant,
    'detach-large',
    CONVERSATIONS,
    MESSAGES_PER_CONVERSATION,
    '+15559100005',
  );
  // The one-conversation case runs first, as the warm-up of these routes.
  const smallOps = await detachAndMove(detachSmall, small.survivorId);
  const largeOps = await detachAndMove(detachLarge, small.survivorId);
  const routes = {
    detach: 'POST /api/v1/customers/:id/identities/:identityId/detach',
    detachUndo: 'POST /api/v1/detaches/:id/undo',
    move: 'POST /api/v1/conversations/:id/move',
    moveUndo: 'POST /api/v1/moves/:id/undo',
  } as const;
  const names = { detach: 'detach', detachUndo: 'detach undo', move: 'move', moveUndo: 'move undo' } as const;
  for (const operation of ['detach', 'detachUndo', 'move', 'moveUndo'] as const) {
    const moving = (conversations: number) => `one conversation of a customer holding ${conversations}`;
    const moved = operation.startsWith('move');
    report(names[operation], routes[operation], moved ? moving(1) : smallHistory, smallOps[operation]);
    report(names[operation], routes[operation], moved ? moving(CONVERSATIONS) : largeHistory, largeOps[operation]);
    compare(names[operation], smallOps[operation], largeOps[operation]);
  }
  out(`load average at the end: ${loadAverage()}`);
}

/** Whether the same commands ran for one conversation and for the long history, and which grew. */
function compare(name: string, small: Measurement, large: Measurement): void {
  const key = (record: CommandRecord): string => `${record.side} · ${record.phase} · ${record.command}`;
  const before = tally(small.undo, key);
  const after = tally(large.undo, key);
  const grown = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => before.get(name) !== after.get(name),
  );
  out();
  out(
    `${name}, history dependence: ${small.undo.length} commands for 1 conversation, ${large.undo.length} for ` +
      `${CONVERSATIONS} conversations${grown.length === 0 ? ' — the same commands' : ''}`,
  );
  for (const name of grown) out(`    ${name}: ${before.get(name) ?? 0} → ${after.get(name) ?? 0}`);
}

function report(name: string, route: string, title: string, result: Measurement): void {
  const api = result.undo.filter((record) => record.side === 'api');
  const worker = result.undo.filter((record) => record.side === 'worker');
  const total = result.undo.length;
  out();
  out(`${name}, ${title}:`);
  out(
    `  ${route} answered ${result.status} in ${fixed(result.requestMs)} ms; the worker's job ` +
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
