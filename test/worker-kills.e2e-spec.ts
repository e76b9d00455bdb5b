import { Queue } from 'bullmq';
import fc from 'fast-check';
import mongoose, { Types, type Connection } from 'mongoose';
import pLimit from 'p-limit';
import { QUEUES } from '@app/queue';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  findInvariantViolations,
  KilledWorkers,
  pollUntil,
  postWhatsapp,
  printFigure,
  proofSize,
  startAppProcess,
  testEnvironment,
  type RestClient,
  type RunningApp,
  type TestEnvironment,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Proof suite R3 (faults): merges, detaches, moves and the undos of each, sent through the public api while the
 * worker is killed with SIGKILL at random journal steps (a seeded draw of how many steps each worker records before
 * it dies) and started again each time. Every operation ends done, or refused with its reason, and the invariants
 * hold. CI runs ~100 operations and 5 kills; `npm run bench:reliability` 200 and 20 (or R3_OPERATIONS, R3_KILLS).
 */
const OPERATIONS = Number(process.env.R3_OPERATIONS ?? proofSize(100, 200));
const KILLS = Number(process.env.R3_KILLS ?? proofSize(5, 20));
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 2 ** 31);
const CHAINS_AT_ONCE = 6;
/** How long one operation may take to end, worker restarts included. */
const OPERATION_WITHIN_MS = proofSize(90_000, 600_000);
const TEST_TIMEOUT_MS = proofSize(240_000, 2_400_000);

type Kind = 'merge' | 'merge-undo' | 'detach' | 'detach-undo' | 'move' | 'move-undo';
/** `done`, or `refused <code>`: the api's 409 code, or `journal` for a journal the worker refused. */
type Outcome = string;

interface Operation {
  kind: Kind;
  expected: Outcome[];
  outcome: Outcome;
  id?: string;
  /** Where the public api reports its status. */
  statusPath?: string;
}

/** A customer that wrote once on WhatsApp: one identity, one conversation. */
interface Customer {
  customerId: string;
  identityId: string;
  conversationId: string;
}

const JOURNAL_COLLECTION: Record<Kind, string> = {
  merge: 'merges',
  'merge-undo': 'merge_undos',
  detach: 'detaches',
  'detach-undo': 'detaches',
  move: 'moves',
  'move-undo': 'moves',
};

let env: TestEnvironment;
let api: RunningApp;
let admin: RestClient;
let tenantId: Types.ObjectId;
let whatsapp: WhatsappChannel;
let connection: Connection;
let journalQueue: Queue;
let workers: KilledWorkers;
const operations: Operation[] = [];

beforeAll(async () => {
  env = testEnvironment();
  workers = new KilledWorkers(env);
  api = await startAppProcess('api', env);
  const tenant = await createTenantThroughCli(env, api.url, 'faultco');
  admin = tenant.admin;
  tenantId = new Types.ObjectId(tenant.tenantId);
  whatsapp = await createWhatsappChannel(admin, '106540352243101', 'faults-app-secret');
  connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB }).asPromise();
  journalQueue = new Queue(QUEUES.merges, { connection: { url: env.REDIS_URL } });
});

afterAll(async () => {
  await journalQueue?.close();
  await connection?.close();
  await Promise.all([api?.stop(), workers?.stop()]);
  await dropTestDatabase(env);
});

/** Waits until the journal is over; answers `done`, or `refused journal` when the worker refused it. */
async function journalEnd(kind: Kind, id: string): Promise<Outcome> {
  const journal = await pollUntil(
    `${kind} ${id} over`,
    () =>
      connection
        .collection(JOURNAL_COLLECTION[kind])
        .findOne({ _id: new Types.ObjectId(id) }, { projection: { status: 1 } }),
    (found) => found?.status === 'done' || found?.status === 'refused',
    OPERATION_WITHIN_MS,
  );
  return journal!.status === 'done' ? 'done' : 'refused journal';
}

/**
 * One operation through the api: a 409 is its refusal (with the problem's code); an accepted one is followed to its
 * end. Answers the operation and what the api answered.
 */
async function perform(
  kind: Kind,
  path: string,
  body: object,
  expected: Outcome[],
  statusPath: (answer: { id: string }) => string,
): Promise<{ operation: Operation; answer: Record<string, string> }> {
  const response = await admin.post(path, body);
  const operation: Operation = { kind, expected, outcome: '' };
  operations.push(operation);
  if (response.status === 409) {
    operation.outcome = `refused ${response.body.code}`;
  } else if (response.status === 200 || response.status === 202) {
    operation.id = response.body.id as string;
    operation.statusPath = statusPath(response.body);
    operation.outcome = await journalEnd(kind, operation.id);
  } else {
    throw new Error(`${kind} ${path} answered ${response.status}: ${response.text}`);
  }
  return { operation, answer: response.body };
}

const merge = (survivor: Customer, victim: Customer, expected: Outcome[] = ['done']) =>
  perform(
    'merge',
    '/api/v1/merges',
    { survivorId: survivor.customerId, victimIds: [victim.customerId] },
    expected,
    ({ id }) => `/api/v1/merges/${id}`,
  );
const undoMerge = (mergeId: string, expected: Outcome[] = ['done']) =>
  perform('merge-undo', `/api/v1/merges/${mergeId}/undo`, {}, expected, () => `/api/v1/merges/${mergeId}/undo`);
const detach = (holder: string, identityId: string, expected: Outcome[] = ['done']) =>
  perform(
    'detach',
    `/api/v1/customers/${holder}/identities/${identityId}/detach`,
    {},
    expected,
    ({ id }) => `/api/v1/detaches/${id}`,
  );
const undoDetach = (detachId: string, expected: Outcome[] = ['done']) =>
  perform('detach-undo', `/api/v1/detaches/${detachId}/undo`, {}, expected, () => `/api/v1/detaches/${detachId}/undo`);
const move = (conversationId: string, to: string, expected: Outcome[] = ['done']) =>
  perform(
    'move',
    `/api/v1/conversations/${conversationId}/move`,
    { customerId: to },
    expected,
    ({ id }) => `/api/v1/moves/${id}`,
  );
const undoMove = (moveId: string, expected: Outcome[] = ['done']) =>
  perform('move-undo', `/api/v1/moves/${moveId}/undo`, {}, expected, ({ id }) => `/api/v1/moves/${id}`);

/** Runs `then` only when the operation before it ended as its chain needs (else the mismatch is already recorded). */
const ifDone = async (step: { operation: Operation }, then: () => Promise<unknown>) => {
  if (step.operation.outcome === 'done') await then();
};

/** Operations on customers of their own, one after another, as supervisors fixing identities would send them. */
interface Chain {
  name: string;
  customers: number;
  operations: number;
  run(customers: Customer[]): Promise<void>;
}

const CHAINS: Chain[] = [
  {
    name: 'merge, then its undo',
    customers: 2,
    operations: 2,
    run: async ([a, b]) => {
      const merged = await merge(a, b);
      await ifDone(merged, () => undoMerge(merged.answer.id));
    },
  },
  {
    name: 'merge, detach of the victim’s identity, then the detach’s undo',
    customers: 2,
    operations: 3,
    run: async ([a, b]) => {
      const merged = await merge(a, b);
      await ifDone(merged, async () => {
        const detached = await detach(a.customerId, b.identityId);
        await ifDone(detached, () => undoDetach(detached.answer.id));
      });
    },
  },
  {
    name: 'move of a conversation, then its undo',
    customers: 2,
    operations: 2,
    run: async ([a, b]) => {
      const moved = await move(b.conversationId, a.customerId);
      await ifDone(moved, () => undoMove(moved.answer.id));
    },
  },
  {
    name: 'a move to a merged-away customer refused, then made once the merge is undone',
    customers: 3,
    operations: 4,
    run: async ([a, b, c]) => {
      const merged = await merge(a, b);
      await ifDone(merged, async () => {
        await move(c.conversationId, b.customerId, ['refused customer_merged']);
        const undone = await undoMerge(merged.answer.id);
        await ifDone(undone, () => move(c.conversationId, b.customerId));
      });
    },
  },
  {
    name: 'a detach’s undo refused once the detached customer took in another',
    customers: 3,
    operations: 4,
    run: async ([a, b, c]) => {
      const merged = await merge(a, b);
      await ifDone(merged, async () => {
        const detached = await detach(a.customerId, b.identityId);
        await ifDone(detached, async () => {
          const taken = await merge({ ...b, customerId: detached.answer.toCustomerId }, c);
          await ifDone(taken, () => undoDetach(detached.answer.id, ['refused undo_blocked']));
        });
      });
    },
  },
  {
    name: 'a merge and a move of the same customer at once',
    customers: 3,
    operations: 2,
    run: async ([a, b, c]) => {
      await Promise.all([
        merge(a, b, ['done', 'refused merge_in_progress']),
        move(a.conversationId, c.customerId, ['done', 'refused customer_busy']),
      ]);
    },
  },
];

/** The chains to run, in turn through every kind, until they hold `total` operations. */
function chainsFor(total: number): Chain[] {
  const chosen: Chain[] = [];
  for (let sum = 0, i = 0; sum < total; i += 1) {
    chosen.push(CHAINS[i % CHAINS.length]);
    sum += CHAINS[i % CHAINS.length].operations;
  }
  return chosen;
}

/** `count` customers, each from a WhatsApp message of a number of its own, once the worker filed them all. */
async function customersOnWhatsapp(count: number): Promise<Customer[]> {
  const phones = Array.from({ length: count }, (_, n) => `1555031${String(n).padStart(4, '0')}`);
  const limit = pLimit(16);
  await Promise.all(
    phones.map((phone) =>
      limit(async () => {
        const delivered = await postWhatsapp(api.url, whatsapp, phone, `wamid.r3-${phone}`);
        if (delivered.status !== 200) throw new Error(`the webhook answered ${delivered.status} for ${phone}`);
      }),
    ),
  );
  const filed = await pollUntil(
    'customers filed',
    () => connection.collection('conversations').find({ tenantId }).toArray(),
    (conversations) => conversations.length === count,
    OPERATION_WITHIN_MS,
  );
  const identities = await connection.collection('identities').find({ tenantId }).toArray();
  const byKey = new Map(identities.map((identity) => [identity.key as string, identity]));
  const conversationOf = new Map(filed.map((c) => [(c.customerId as Types.ObjectId).toHexString(), c._id]));
  return phones.map((phone) => {
    const identity = byKey.get(`whatsapp:+${phone}`);
    if (!identity) throw new Error(`no identity for +${phone}`);
    const customerId = (identity.customerId as Types.ObjectId).toHexString();
    return {
      customerId,
      identityId: identity._id.toHexString(),
      conversationId: conversationOf.get(customerId)!.toHexString(),
    };
  });
}

const tally = (values: string[]) =>
  Object.entries(
    values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {}),
  )
    .map(([value, count]) => `${value} ${count}`)
    .join(', ');

it(
  `ends every one of ~${OPERATIONS} merges, detaches, moves and undos with the worker killed ${KILLS} times`,
  async () => {
    const started = Date.now();
    const chains = chainsFor(OPERATIONS);
    const planned = chains.reduce((sum, chain) => sum + chain.operations, 0);
    // Each operation done records three steps or more: kills drawn within two per operation all come to pass.
    const gap = Math.max(1, Math.floor((2 * planned) / KILLS));
    const stepsBeforeKill = fc.sample(fc.integer({ min: 1, max: gap }), { seed: SEED, numRuns: KILLS });
    const order = fc.sample(fc.shuffledSubarray(chains, { minLength: chains.length }), { seed: SEED, numRuns: 1 })[0];

    const work = (async () => {
      const customers = await customersOnWhatsapp(order.reduce((sum, chain) => sum + chain.customers, 0));
      let next = 0;
      const limit = pLimit(CHAINS_AT_ONCE);
      await Promise.all(
        order.map((chain) => {
          const own = customers.slice(next, (next += chain.customers));
          return limit(() => chain.run(own));
        }),
      );
    })();
    const [, kills] = await Promise.all([work, workers.run(stepsBeforeKill, work)]);
    const elapsed = Date.now() - started;

    const failedJobs = (await journalQueue.getFailed(0, 1_000)).map((job) => `${job.name}: ${job.failedReason}`);
    const outcomes = operations.map((operation) => operation.outcome);
    const refusals = outcomes.filter((outcome) => outcome !== 'done');
    printFigure(
      `R3 faults (seed ${SEED}): ${operations.length} operations (${tally(operations.map((o) => o.kind))}), ` +
        `worker killed ${kills.killedAt.length} times at journal steps ${stepsBeforeKill.join(',')} ` +
        `(${kills.workers} workers); final states: done ${outcomes.length - refusals.length}, ` +
        `refused ${refusals.length} (${tally(refusals.map((r) => r.replace('refused ', ''))) || 'none'}); ` +
        `${elapsed} ms; journal jobs failed for good: ${failedJobs.length}`,
    );
    for (const at of kills.killedAt) printFigure(`R3 killed after ${at}`);

    expect(kills.killedAt).toHaveLength(KILLS);
    // A job killed more than once is taken over each time: its journal makes running it again harmless.
    expect(failedJobs).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(OPERATIONS);
    expect(operations.filter((operation) => !operation.expected.includes(operation.outcome))).toEqual([]);
    // What the public api reports agrees with the journals.
    const reported = pLimit(4);
    const statuses = await Promise.all(
      operations
        .filter((operation) => operation.statusPath)
        .map((operation) =>
          reported(async () => ({
            path: operation.statusPath,
            status: (await admin.get(operation.statusPath!)).body.status as string,
            outcome: operation.outcome,
          })),
        ),
    );
    expect(statuses.filter(({ status, outcome }) => status !== (outcome === 'done' ? 'done' : 'refused'))).toEqual([]);
    for (const status of ['running', 'pending']) {
      expect((await admin.get(`/api/v1/operations?status=${status}`)).body.items).toEqual([]);
    }
    expect(await findInvariantViolations(connection, tenantId)).toEqual([]);
    expect(await connection.collection('merge_locks').countDocuments({ tenantId })).toBe(0);
    // Nothing a customer wrote was lost or copied on the way.
    const customers = order.reduce((sum, chain) => sum + chain.customers, 0);
    expect(await connection.collection('messages').countDocuments({ tenantId })).toBe(customers);
    expect(await connection.collection('identities').countDocuments({ tenantId })).toBe(customers);
  },
  TEST_TIMEOUT_MS,
);
