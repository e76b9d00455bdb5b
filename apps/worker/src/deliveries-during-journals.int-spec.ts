import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import type { InboundMessage } from '@app/channels';
import {
  DetachExecutorService,
  DetachStarterService,
  IdentityModule,
  MoveExecutorService,
  MoveStarterService,
  MergeExecutorService,
  MergeStarterService,
  MergeUndoExecutorService,
  MergeUndoStarterService,
} from '@app/identity';
import {
  DETACH_STEPS,
  DETACH_UNDO_STEPS,
  MERGE_STEPS,
  MERGE_UNDO_STEPS,
  MOVE_STEPS,
  type Conversation,
  type Customer,
  type Detach,
  type Identity,
} from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  dropTestDatabase,
  findInvariantViolations,
  holdAfterJournalStep,
  holdBefore,
  startWorkerModules,
  testEnvironment,
  type HeldWork,
  type TestEnvironment,
} from '@app/testing';
import { InboundIngestionService } from '@app/identity';
import { InboundModule } from './inbound/inbound.module.js';

/**
 * Deliveries interleaved with a journal at every step: the journal, run by this test in this process, is held right
 * after the step is recorded while deliveries for the identities it moves are stored — some read before the journal
 * started and write now, some complete now, some read now and write once it is done. Every message must end on a
 * live customer that owns its conversation's identity.
 */

/** One customer known by a phone (WhatsApp) and one by an email address. */
interface Scene {
  phone: string;
  email: string;
  phoneCustomerId: string;
  emailCustomerId: string;
  /** Every message stored for the scene so far. */
  externalIds: string[];
}

interface StartedJournal {
  /** Runs (or resumes) the journal's steps. */
  run(): Promise<unknown>;
  /** What the journal did, checked once it is done. */
  expectDone(): Promise<void>;
}

interface JournalCase {
  /** What the test calls it. */
  name: string;
  /** The journal as it publishes its steps. */
  journal: string;
  /** The steps it publishes once recorded: all but the last, after which it is done. */
  steps: readonly string[];
  /** Writes the journal's intent for the scene (taking its locks) as the api would. */
  start(scene: Scene): Promise<StartedJournal>;
}

const JOURNALS: JournalCase[] = [
  { name: 'merge', journal: 'merge', steps: MERGE_STEPS.slice(0, -1), start: startMerge },
  { name: 'detach', journal: 'detach', steps: DETACH_STEPS.slice(0, -1), start: startDetach },
  { name: 'detach undo', journal: 'detach', steps: DETACH_UNDO_STEPS.slice(0, -1), start: startDetachUndo },
  { name: 'merge undo', journal: 'undo', steps: MERGE_UNDO_STEPS.slice(0, -1), start: startUndo },
  { name: 'move', journal: 'move', steps: MOVE_STEPS.slice(0, -1), start: startMove },
  { name: 'move undo', journal: 'move', steps: MOVE_STEPS.slice(0, -1), start: startMoveUndo },
];

let env: TestEnvironment;
let context: INestApplicationContext;
let db: Connection;
let ingestion: InboundIngestionService;
let tenantId: Types.ObjectId;
const channels = {
  whatsapp: new Types.ObjectId().toHexString(),
  sms: new Types.ObjectId().toHexString(),
  email: new Types.ObjectId().toHexString(),
  api: new Types.ObjectId().toHexString(),
  webchat: new Types.ObjectId().toHexString(),
};
const OUR_NUMBER = '+15550990000';
let sequence = 0;

beforeAll(async () => {
  env = testEnvironment();
  // The identity services without the worker's processors: this test runs the journals itself.
  context = await startWorkerModules(env, [InboundModule, IdentityModule]);
  ingestion = context.get(InboundIngestionService);
  db = context.get(getConnectionToken());
  // The starter waits a moment for a worker to finish the merge; here none does.
  jest.spyOn(context.get(MergesProducer), 'waitFor').mockResolvedValue(false);
  const tenant = await db.collection('tenants').insertOne({
    name: 'Deliveries during journals',
    slug: `during-journals-${env.MONGODB_DB}`,
    identitySettings: DEFAULT_IDENTITY_SETTINGS,
  });
  tenantId = tenant.insertedId;
});

afterAll(async () => {
  for (const name of [QUEUES.merges, QUEUES.suggestions]) {
    await context?.get<Queue>(getQueueToken(name)).obliterate({ force: true });
  }
  await context?.close();
  if (env) await dropTestDatabase(env);
});

/** A message and the channel it comes in on (the kind's usual one unless named). */
interface Delivery {
  channelId: string;
  event: InboundMessage;
}

function message(
  kind: keyof typeof channels,
  address: string,
  { to, channelId = channels[kind] }: { to?: string; channelId?: string } = {},
): Delivery {
  sequence += 1;
  return {
    channelId,
    event: {
      type: 'message',
      channelKind: kind,
      externalId: `during-${sequence}`,
      from: { address },
      ...(to ? { to } : {}),
      attachments: [],
      messageType: 'text',
      text: `hello ${sequence}`,
      sentAt: new Date().toISOString(),
    },
  };
}

async function ingest(scene: Scene, { channelId, event }: Delivery): Promise<string> {
  scene.externalIds.push(event.externalId);
  const outcome = await ingestion.ingest({
    tenantId: tenantId.toHexString(),
    channelId,
    event,
    receivedAt: new Date().toISOString(),
  });
  if (outcome.outcome !== 'stored') throw new Error(`${event.externalId} not stored: ${outcome.outcome}`);
  return outcome.customerId;
}

/**
 * Deliveries for every identity a journal of the scene moves: SMS from the phone in the conversation with our number
 * and in a new one, WhatsApp in its conversation and in a new one (on another of our lines), a new email thread, and
 * the phone's first message on `newcomer`: a new identity joining the phone's customer by its number.
 */
function deliveries(scene: Scene, newcomer: 'sms' | 'api' | 'webchat'): Delivery[] {
  const newNumber = `+1555098${String(sequence).padStart(4, '0')}`;
  return [
    message('sms', scene.phone, { to: OUR_NUMBER }),
    message('sms', scene.phone, { to: newNumber }),
    message('whatsapp', scene.phone.slice(1)),
    message('whatsapp', scene.phone.slice(1), { channelId: new Types.ObjectId().toHexString() }),
    message('email', scene.email),
    ...(newcomer === 'sms' ? [] : [message(newcomer, scene.phone)]),
  ];
}

async function createScene(n: number): Promise<Scene> {
  const scene: Scene = {
    phone: `+1555097${String(n).padStart(4, '0')}`,
    email: `during${n}@example.com`,
    phoneCustomerId: '',
    emailCustomerId: '',
    externalIds: [],
  };
  scene.phoneCustomerId = await ingest(scene, message('whatsapp', scene.phone.slice(1)));
  scene.emailCustomerId = await ingest(scene, message('email', scene.email));
  return scene;
}

/** The phone's customer merges into the email's. */
async function startMerge(scene: Scene): Promise<StartedJournal> {
  const { merge } = await context.get(MergeStarterService).start(tenantId.toHexString(), 'supervisor', {
    survivorId: scene.emailCustomerId,
    victimIds: [scene.phoneCustomerId],
  });
  return {
    run: () => context.get(MergeExecutorService).execute(tenantId.toHexString(), merge._id.toHexString()),
    expectDone: async () => {
      const victim = await db.collection<Customer>('customers').findOne({ _id: merge.victimIds[0] });
      expect(victim?.mergedInto).toEqual(merge.survivorId);
      expect(await db.collection('identities').countDocuments({ customerId: merge.victimIds[0] })).toBe(0);
    },
  };
}

/** The phone's customer merged into the email's, and the merge undone. */
async function startUndo(scene: Scene): Promise<StartedJournal> {
  const { merge } = await context.get(MergeStarterService).start(tenantId.toHexString(), 'supervisor', {
    survivorId: scene.emailCustomerId,
    victimIds: [scene.phoneCustomerId],
  });
  await context.get(MergeExecutorService).execute(tenantId.toHexString(), merge._id.toHexString());
  const { undo } = await context
    .get(MergeUndoStarterService)
    .start(tenantId.toHexString(), 'supervisor', merge._id.toHexString());
  return {
    run: () => context.get(MergeUndoExecutorService).execute(tenantId.toHexString(), undo._id.toHexString()),
    expectDone: async () => {
      const victim = await db.collection<Customer>('customers').findOne({ _id: merge.victimIds[0] });
      expect(victim?.mergedInto).toBeNull();
      const whatsapp = await db
        .collection<Identity>('identities')
        .findOne({ tenantId, kind: 'whatsapp', address: scene.phone });
      expect(whatsapp?.customerId).toEqual(merge.victimIds[0]);
    },
  };
}

/** The SMS identity (joined to the phone's customer by its number) is detached. */
async function startDetach(scene: Scene): Promise<StartedJournal> {
  await ingest(scene, message('sms', scene.phone, { to: OUR_NUMBER }));
  const sms = await db
    .collection<Identity>('identities')
    .findOne({ tenantId, kind: 'sms', customerId: new Types.ObjectId(scene.phoneCustomerId) });
  const detach = await context.get(DetachStarterService).start(tenantId.toHexString(), 'supervisor', {
    customerId: scene.phoneCustomerId,
    identityId: sms!._id.toHexString(),
  });
  return {
    run: () => context.get(DetachExecutorService).execute(tenantId.toHexString(), detach._id.toHexString()),
    expectDone: async () => {
      const identity = await db.collection<Identity>('identities').findOne({ _id: sms!._id });
      expect(identity?.customerId).toEqual(detach.toCustomerId);
      const conversations = await db.collection<Conversation>('conversations').find({ identityId: sms!._id }).toArray();
      expect(conversations.map((conversation) => conversation.customerId)).toEqual(
        conversations.map(() => detach.toCustomerId),
      );
    },
  };
}

/** The SMS identity detached, and the detach undone: it goes back to the phone's customer. */
async function startDetachUndo(scene: Scene): Promise<StartedJournal> {
  const detached = await startDetach(scene);
  await detached.run();
  const detach = await db
    .collection<Detach>('detaches')
    .findOne({ tenantId, fromCustomerId: new Types.ObjectId(scene.phoneCustomerId), status: 'done' });
  const { detach: undo } = await context
    .get(DetachStarterService)
    .undo(tenantId.toHexString(), 'supervisor', detach!._id.toHexString());
  return {
    run: () => context.get(DetachExecutorService).execute(tenantId.toHexString(), undo._id.toHexString()),
    expectDone: async () => {
      const customer = await db.collection<Customer>('customers').findOne({ _id: detach!.toCustomerId });
      expect(customer?.mergedInto?.toHexString()).toBe(scene.phoneCustomerId);
      const identity = await db.collection<Identity>('identities').findOne({ _id: detach!.identityId });
      expect(identity?.customerId.toHexString()).toBe(scene.phoneCustomerId);
    },
  };
}

/** The phone's first WhatsApp conversation, on its customer. */
async function whatsappConversation(scene: Scene): Promise<Conversation> {
  const conversation = await db.collection<Conversation>('conversations').findOne({
    tenantId,
    channelId: new Types.ObjectId(channels.whatsapp),
    customerId: new Types.ObjectId(scene.phoneCustomerId),
  });
  return conversation!;
}

/** The phone's WhatsApp conversation moves to the email's customer; its identity stays. */
async function startMove(scene: Scene): Promise<StartedJournal> {
  const conversation = await whatsappConversation(scene);
  const move = await context.get(MoveStarterService).start(tenantId.toHexString(), 'supervisor', {
    conversationId: conversation._id.toHexString(),
    customerId: scene.emailCustomerId,
  });
  return {
    run: () => context.get(MoveExecutorService).execute(tenantId.toHexString(), move._id.toHexString()),
    expectDone: async () => {
      const moved = await db.collection<Conversation>('conversations').findOne({ _id: conversation._id });
      expect(moved?.customerId.toHexString()).toBe(scene.emailCustomerId);
    },
  };
}

/** The phone's WhatsApp conversation moved to the email's customer, and the move undone. */
async function startMoveUndo(scene: Scene): Promise<StartedJournal> {
  const conversation = await whatsappConversation(scene);
  const moves = context.get(MoveStarterService);
  const move = await moves.start(tenantId.toHexString(), 'supervisor', {
    conversationId: conversation._id.toHexString(),
    customerId: scene.emailCustomerId,
  });
  await context.get(MoveExecutorService).execute(tenantId.toHexString(), move._id.toHexString());
  const { move: undo } = await moves.undo(tenantId.toHexString(), 'supervisor', move._id.toHexString());
  return {
    run: () => context.get(MoveExecutorService).execute(tenantId.toHexString(), undo._id.toHexString()),
    expectDone: async () => {
      const back = await db.collection<Conversation>('conversations').findOne({ _id: conversation._id });
      expect(back?.customerId.toHexString()).toBe(scene.phoneCustomerId);
    },
  };
}

/** The scene's deliveries, each started once the one before waits before writing its conversation. */
async function readNowWriteLater(scene: Scene, newcomer: 'sms' | 'webchat'): Promise<HeldWork<string>[]> {
  const started: HeldWork<string>[] = [];
  for (const delivery of deliveries(scene, newcomer)) {
    const work = holdBefore('conversations', () => ingest(scene, delivery));
    await work.reached;
    started.push(work);
  }
  return started;
}

/**
 * Messages that are not on a live customer owning their conversation's identity, described. A conversation a
 * supervisor moved (its last trail entry is a move's) stays where it was moved, its identity with its customer.
 */
async function misplacedMessages(externalIds: string[]): Promise<string[]> {
  const messages = await db
    .collection('messages')
    .find({ tenantId, externalId: { $in: externalIds } })
    .toArray();
  const stored = new Set(messages.map((stored) => stored.externalId as string));
  const problems = externalIds.filter((id) => !stored.has(id)).map((id) => `${id}: not stored`);
  for (const { externalId, conversationId } of messages) {
    const conversation = await db.collection<Conversation>('conversations').findOne({ _id: conversationId });
    const identity = await db.collection<Identity>('identities').findOne({ _id: conversation?.identityId });
    const customer = await db.collection<Customer>('customers').findOne({ _id: conversation?.customerId });
    if (!conversation || !identity || !customer)
      problems.push(`${externalId}: conversation, identity or customer missing`);
    else if (customer.mergedInto) problems.push(`${externalId}: on tombstone ${customer._id.toHexString()}`);
    else if (!identity.customerId.equals(customer._id) && !movedOnPurpose(conversation)) {
      problems.push(
        `${externalId}: on ${customer._id.toHexString()}, its identity on ${identity.customerId.toHexString()}`,
      );
    }
  }
  return problems;
}

function movedOnPurpose(conversation: Conversation): boolean {
  const trail = (conversation as { mergeTrail?: Record<string, unknown>[] }).mergeTrail ?? [];
  return trail.at(-1)?.moveId !== undefined;
}

let scenes = 0;

describe.each(JOURNALS)('deliveries during a $name', ({ journal, steps, start }) => {
  it.each(steps.map((step) => [step]))('end on live customers owning their identities, held after %s', async (step) => {
    scenes += 1;
    const scene = await createScene(scenes);
    const started = await start(scene);
    const readBefore = await readNowWriteLater(scene, 'sms');

    const run = holdAfterJournalStep(journal, step, started.run);
    await run.reached;
    await Promise.all(readBefore.map((work) => work.release()));
    await Promise.all(deliveries(scene, 'api').map((delivery) => ingest(scene, delivery)));
    const writeAfter = await readNowWriteLater(scene, 'webchat');
    expect(await run.release()).toBe('done');

    await Promise.all(writeAfter.map((work) => work.release()));
    await Promise.all(deliveries(scene, 'sms').map((delivery) => ingest(scene, delivery)));
    expect(await misplacedMessages(scene.externalIds)).toEqual([]);
    await started.expectDone();
    expect(await findInvariantViolations(db, tenantId)).toEqual([]);
  });
});
