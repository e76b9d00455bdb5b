import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import type { InboundMessage } from '@app/channels';
import {
  IdentityModule,
  MergeExecutorService,
  MergePlannerService,
  MergeRefusedError,
  MergeStarterService,
  SuggestionDecisionsService,
  SuggestionFinderService,
} from '@app/identity';
import { MERGE_STEPS, MergeRepository, type Identity, type Suggestion } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  dropTestDatabase,
  findInvariantViolations,
  startWorkerModules,
  storeDerivedFields,
  testEnvironment,
  type TestEnvironment,
} from '@app/testing';
import { IdentityJobsModule } from './identity-jobs.module.js';
import { InboundIngestionService } from '@app/identity';
import { InboundModule } from './inbound/inbound.module.js';

let env: TestEnvironment;
let context: INestApplicationContext;
let ingestion: InboundIngestionService;
let finder: SuggestionFinderService;
let decisions: SuggestionDecisionsService;
let starter: MergeStarterService;
let planner: MergePlannerService;
let executor: MergeExecutorService;
let merges: MergeRepository;
let db: Connection;
let suggestionsQueue: Queue;
let suggestionEvents: QueueEvents;
let tenantId: Types.ObjectId;
const channels = {
  whatsapp: new Types.ObjectId().toHexString(),
  sms: new Types.ObjectId().toHexString(),
  email: new Types.ObjectId().toHexString(),
};
let sequence = 0;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [InboundModule, IdentityJobsModule, IdentityModule]);
  ingestion = context.get(InboundIngestionService);
  finder = context.get(SuggestionFinderService);
  decisions = context.get(SuggestionDecisionsService);
  starter = context.get(MergeStarterService);
  planner = context.get(MergePlannerService);
  executor = context.get(MergeExecutorService);
  merges = context.get(MergeRepository);
  db = context.get(getConnectionToken());
  suggestionsQueue = context.get(getQueueToken(QUEUES.suggestions));
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: env.REDIS_URL } });
  await suggestionEvents.waitUntilReady();
  const tenant = await db.collection('tenants').insertOne({
    name: 'Identity jobs',
    slug: `identity-jobs-${env.MONGODB_DB}`,
    identitySettings: {
      ...DEFAULT_IDENTITY_SETTINGS,
      uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
      sharedContactThreshold: 3,
      blocklist: ['+15550000000'],
    },
  });
  tenantId = tenant.insertedId;
});

afterAll(async () => {
  await suggestionEvents?.close();
  await context?.close();
  if (env) await dropTestDatabase(env);
});

afterEach(async () => {
  expect(await findInvariantViolations(db, tenantId)).toEqual([]);
});

function message(kind: keyof typeof channels, address: string): InboundMessage {
  sequence += 1;
  return {
    type: 'message',
    channelKind: kind,
    externalId: `ext-${sequence}`,
    from: { address },
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date().toISOString(),
  };
}

/** Ingests a first message and waits for the duplicate check it queues; answers the sender's customer id. */
async function firstMessage(kind: keyof typeof channels, address: string): Promise<string> {
  const outcome = await ingestion.ingest({
    tenantId: tenantId.toHexString(),
    channelId: channels[kind],
    event: message(kind, address),
    receivedAt: new Date().toISOString(),
  });
  if (outcome.outcome !== 'stored') throw new Error(`not stored: ${outcome.outcome}`);
  const identity = await db.collection('identities').findOne({ customerId: new Types.ObjectId(outcome.customerId) });
  const job = await suggestionsQueue.getJob(`check-${tenantId.toHexString()}-identity-${identity!._id.toHexString()}`);
  await job!.waitUntilFinished(suggestionEvents, 20_000);
  return outcome.customerId;
}

async function setCustomer(customerId: string, set: Record<string, unknown>): Promise<void> {
  await db.collection('customers').updateOne({ _id: new Types.ObjectId(customerId) }, { $set: set });
  await storeDerivedFields(db.collection('customers'), [customerId]);
}

const suggestionOf = (a: string, b: string) =>
  db.collection<Suggestion>('suggestions').findOne({ pairKey: [a, b].sort().join(':') });

describe('suggestions', () => {
  it('suggests an email-only customer whose contact phone writes on WhatsApp, with the evidence', async () => {
    const ann = await firstMessage('email', 'ann@example.com');
    await setCustomer(ann, { contactData: [{ type: 'phone', value: '+15550102001', grantsAccess: false }] });
    const whatsapp = await firstMessage('whatsapp', '15550102001');
    expect(whatsapp).not.toBe(ann);
    const suggestion = await suggestionOf(ann, whatsapp);
    expect(suggestion).toMatchObject({
      status: 'open',
      openedFrom: new Types.ObjectId(whatsapp),
      evidence: [{ rule: 'identity_matches_contact', values: ['+15550102001', '+15550102001'] }],
    });
    expect(suggestion!.score).toBeGreaterThan(0.5);
  });

  it('keeps one suggestion per pair however often the pair is checked', async () => {
    const bea = await firstMessage('email', 'bea@example.com');
    await setCustomer(bea, { contactData: [{ type: 'phone', value: '+15550102002', grantsAccess: false }] });
    const other = await firstMessage('sms', '+15550102002');
    await Promise.all([
      finder.check(tenantId.toHexString(), bea),
      finder.check(tenantId.toHexString(), other),
      // Inserting first (as after a new identity) meets the stored suggestion instead of adding a second.
      finder.check(tenantId.toHexString(), other, { pairsLikelyNew: true }),
    ]);
    expect(await db.collection('suggestions').countDocuments({ pairKey: [bea, other].sort().join(':') })).toBe(1);
  });

  it('remembers a rejection until evidence of a new kind appears, and records why it came back', async () => {
    const cat = await firstMessage('email', 'cat@example.com');
    await setCustomer(cat, { contactData: [{ type: 'phone', value: '+15550102003', grantsAccess: false }] });
    const phone = await firstMessage('sms', '+15550102003');
    const suggestion = (await suggestionOf(cat, phone))!;
    await decisions.reject(tenantId.toHexString(), 'agent-1', suggestion._id.toHexString(), 'different people');
    await finder.check(tenantId.toHexString(), phone);
    await finder.check(tenantId.toHexString(), phone, { pairsLikelyNew: true });
    expect((await suggestionOf(cat, phone))!.status).toBe('rejected');
    await setCustomer(cat, {
      contactData: [{ type: 'phone', value: '+15550102003', grantsAccess: false }],
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-77' }],
    });
    await setCustomer(phone, { uniqueIdentifiers: [{ type: 'crmId', value: 'C-77' }] });
    await finder.check(tenantId.toHexString(), phone);
    const back = (await suggestionOf(cat, phone))!;
    expect(back.status).toBe('open');
    expect(back.history.at(-1)).toMatchObject({
      status: 'open',
      reason: 'new kind of evidence: same_unique_identifier',
    });
  });

  it('blocks a pair whose loyalty cards differ (reason 1), explaining why, and re-opens it when one is cleared', async () => {
    const dan = await firstMessage('email', 'dan@example.com');
    await setCustomer(dan, {
      contactData: [{ type: 'phone', value: '+15550102004', grantsAccess: false }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
    });
    const partner = await firstMessage('whatsapp', '15550102004');
    await setCustomer(partner, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '9931' }] });
    await finder.check(tenantId.toHexString(), partner);
    const blocked = (await suggestionOf(dan, partner))!;
    expect(blocked.status).toBe('blocked');
    expect(blocked.blocks).toEqual([
      expect.objectContaining({
        code: 'different_unique_identifiers',
        identifierType: 'loyaltyCard',
        values: ['9931', '8812'],
        remedies: expect.arrayContaining([expect.stringContaining('loyaltyCard')]),
      }),
    ]);
    await expect(
      decisions.accept(tenantId.toHexString(), 'agent-1', blocked._id.toHexString(), {}),
    ).rejects.toMatchObject({ code: 'merge_blocked' });
    await setCustomer(partner, { uniqueIdentifiers: [] });
    await finder.check(tenantId.toHexString(), partner);
    expect((await suggestionOf(dan, partner))!).toMatchObject({ status: 'open', blocks: [] });
  });

  it('ignores shared contacts: a value on more customers than the threshold, or on the blocklist', async () => {
    const holders = [];
    for (const email of ['s1@example.com', 's2@example.com', 's3@example.com', 's4@example.com']) {
      const id = await firstMessage('email', email);
      await setCustomer(id, { contactData: [{ type: 'phone', value: '+15550102005', grantsAccess: false }] });
      holders.push(id);
    }
    const caller = await firstMessage('sms', '+15550102005');
    const blocklisted = await firstMessage('email', 'desk@example.com');
    await setCustomer(blocklisted, { contactData: [{ type: 'phone', value: '+15550000000', grantsAccess: false }] });
    const switchboard = await firstMessage('sms', '+15550000000');
    await Promise.all([caller, switchboard].map((id) => finder.check(tenantId.toHexString(), id)));
    const ids = [...holders, caller, blocklisted, switchboard].map((id) => new Types.ObjectId(id));
    expect(await db.collection('suggestions').countDocuments({ customerIds: { $in: ids } })).toBe(0);
  });

  it('never auto-joins a blocklisted number across channels', async () => {
    // The switchboard's SMS identity: the test above makes it; made here when that test did not run.
    const existing = await db.collection<Identity>('identities').findOne({ key: 'sms:+15550000000' });
    const sms = existing?.customerId.toHexString() ?? (await firstMessage('sms', '+15550000000'));
    const whatsapp = await firstMessage('whatsapp', '15550000000');
    expect(whatsapp).not.toBe(sms);
  });
});

describe('merges', () => {
  it('accepts a suggestion: the victim becomes a tombstone, its conversations move, the suggestion is accepted', async () => {
    const eve = await firstMessage('email', 'eve@example.com');
    await setCustomer(eve, { contactData: [{ type: 'phone', value: '+15550102006', grantsAccess: false }] });
    const phone = await firstMessage('whatsapp', '15550102006');
    const suggestion = (await suggestionOf(eve, phone))!;
    const { merge, finished } = await decisions.accept(
      tenantId.toHexString(),
      'agent-1',
      suggestion._id.toHexString(),
      {
        survivorId: eve,
      },
    );
    expect(finished).toBe(true);
    expect(merge.completedSteps).toHaveLength(MERGE_STEPS.length);
    const victim = await db.collection('customers').findOne({ _id: new Types.ObjectId(phone) });
    expect(victim?.mergedInto?.toHexString()).toBe(eve);
    expect(await db.collection('conversations').countDocuments({ customerId: new Types.ObjectId(eve) })).toBe(2);
    expect(await db.collection('identities').countDocuments({ customerId: new Types.ObjectId(eve) })).toBe(2);
    expect((await suggestionOf(eve, phone))!).toMatchObject({ status: 'accepted', mergeId: merge._id });
    const survivor = await db.collection('customers').findOne({ _id: new Types.ObjectId(eve) });
    expect(survivor?.contactData).toEqual([expect.objectContaining({ type: 'phone', value: '+15550102006' })]);
  });

  it('lets exactly one of two agents accept a suggestion; the other is told it is decided', async () => {
    const fay = await firstMessage('email', 'fay@example.com');
    await setCustomer(fay, { contactData: [{ type: 'phone', value: '+15550102007', grantsAccess: false }] });
    const phone = await firstMessage('sms', '+15550102007');
    const id = (await suggestionOf(fay, phone))!._id.toHexString();
    const outcomes = await Promise.allSettled([
      decisions.accept(tenantId.toHexString(), 'agent-1', id, {}),
      decisions.reject(tenantId.toHexString(), 'agent-2', id),
      decisions.accept(tenantId.toHexString(), 'agent-3', id, {}),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'suggestion_decided' });
    }
  });

  it('gives A→B and B→A at once one merge and no cycle', async () => {
    const a = await firstMessage('email', 'gus@example.com');
    const b = await firstMessage('email', 'gus.other@example.com');
    const outcomes = await Promise.allSettled([
      starter.start(tenantId.toHexString(), 'agent-1', { survivorId: a, victimIds: [b] }),
      starter.start(tenantId.toHexString(), 'agent-2', { survivorId: b, victimIds: [a] }),
    ]);
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(MergeRefusedError);
    expect(['merge_in_progress', 'customer_merged']).toContain((refused?.reason as MergeRefusedError).code);
    const tombstones = await db
      .collection('customers')
      .countDocuments({ _id: { $in: [a, b].map((id) => new Types.ObjectId(id)) }, mergedInto: { $ne: null } });
    expect(tombstones).toBe(1);
  });

  it('refuses a merge of a tombstone, naming its survivor', async () => {
    const a = await firstMessage('email', 'hal@example.com');
    const b = await firstMessage('email', 'hal2@example.com');
    const c = await firstMessage('email', 'hal3@example.com');
    await starter.start(tenantId.toHexString(), 'agent-1', { survivorId: a, victimIds: [b] });
    await expect(
      starter.start(tenantId.toHexString(), 'agent-1', { survivorId: c, victimIds: [b] }),
    ).rejects.toMatchObject({ code: 'customer_merged', details: { survivorId: a } });
  });

  it('keeps an agent’s edit of the survivor made while the merge runs', async () => {
    const survivor = await firstMessage('email', 'ida@example.com');
    const victim = await firstMessage('email', 'ida.other@example.com');
    await setCustomer(victim, { contactData: [{ type: 'phone', value: '+15550102008', grantsAccess: false }] });
    const plan = await planner.plan(tenantId.toHexString(), survivor, [victim]);
    const mergeId = new Types.ObjectId();
    await merges.create({
      _id: mergeId,
      tenantId,
      survivorId: new Types.ObjectId(survivor),
      victimIds: [new Types.ObjectId(victim)],
      actorId: 'agent-1',
      trigger: 'manual',
      picks: {},
    });
    await merges.startRunning(tenantId, mergeId, {
      result: plan.result,
      before: [plan.survivor, ...plan.victims] as unknown as Record<string, unknown>[],
      moved: plan.moves,
    });
    await db.collection('customers').updateOne({ _id: new Types.ObjectId(survivor) }, {
      $push: { contactData: { type: 'email', value: 'ida@work.example', grantsAccess: false } },
      $set: { updatedAt: new Date() },
    } as never);
    await executor.execute(tenantId.toHexString(), mergeId.toHexString());
    const merged = await db.collection('customers').findOne({ _id: new Types.ObjectId(survivor) });
    expect(merged?.contactData.map((contact: { value: string }) => contact.value).sort()).toEqual([
      '+15550102008',
      'ida@work.example',
    ]);
  });
});
