import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Model } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import { UniquenessRunRunnerService } from '@app/identity';
import { UniquenessRun, type ContactDatum, type Role } from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  seedCustomer,
  signInAll,
  startApiInProcess,
  startWorkerModules,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';
import { IdentityJobsModule } from './identity-jobs.module.js';

let api: InProcessApi;
let worker: INestApplicationContext;
let as: (user: TestUser) => RestClient;
let bulkEvents: QueueEvents;
let mergeEvents: QueueEvents;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
/** The merge of Ann's group by the first run, undone by the second test. */
let annMergeId: string;

const APPLY = '/api/v1/settings/identity/uniqueness/apply';

/** "Apply to existing duplicates" (issue 13) over HTTP, with the worker's jobs running in this process. */
beforeAll(async () => {
  api = await startApiInProcess();
  await api.app.get<Queue>(getQueueToken(QUEUES.bulkMerges)).obliterate({ force: true });
  worker = await startWorkerModules(api.env, [IdentityJobsModule]);
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.admin, acme.supervisor, globex.admin]);
  bulkEvents = new QueueEvents(QUEUES.bulkMerges, { connection: { url: api.env.REDIS_URL } });
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([bulkEvents.waitUntilReady(), mergeEvents.waitUntilReady()]);
});

afterAll(async () => {
  await Promise.all([bulkEvents?.close(), mergeEvents?.close()]);
  await worker?.close();
  await api?.app.get<Queue>(getQueueToken(QUEUES.bulkMerges)).obliterate({ force: true });
  await api?.close();
});

const email = (value: string): ContactDatum => ({ type: 'email', value, display: value, grantsAccess: false });

function customer(name: string, year: number, emails: string[], loyaltyCard?: string) {
  return seedCustomer(api.app, acme.admin.tenantId, {
    name,
    createdAt: new Date(`${year}-01-01T00:00:00Z`),
    contactData: emails.map(email),
    uniqueIdentifiers: loyaltyCard ? [{ type: 'loyaltyCard', value: loyaltyCard }] : [],
  });
}

async function finishedRun(id: string) {
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.bulkMerges)).getJob(`uniqueness-${id}`);
  expect(job).toBeDefined();
  await job!.waitUntilFinished(bulkEvents, 120_000);
  const response = await as(acme.admin).get(`${APPLY}/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

const statusOf = async (id: string) => (await as(acme.agent).get(`/api/v1/customers/${id}`)).status;

it('reports the groups in a dry run changing nothing, then merges exactly them, the original surviving', async () => {
  const saved = await as(acme.admin).put('/api/v1/settings/identity', {
    ...DEFAULT_IDENTITY_SETTINGS,
    uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
    enforceUniqueBy: 'email',
    sharedContactThreshold: 3,
  });
  expect(saved.status).toBe(200);
  const ann = await customer('Ann', 2020, ['ann@shop.example']);
  const annCopy = await customer('Ann copy', 2024, ['ann@shop.example']);
  // Joined through two values: one group.
  const cid = await customer('Cid', 2021, ['cid@shop.example']);
  const cidWork = await customer('Cid work', 2022, ['cid@shop.example', 'cid@work.example']);
  const cidOld = await customer('Cid old', 2023, ['cid@work.example']);
  // A couple sharing a mailbox, each with a loyalty card: the guard refuses.
  const linh = await customer('Linh', 2019, ['home@shop.example'], '1111');
  const minh = await customer('Minh', 2025, ['home@shop.example'], '2222');
  // A front desk's address on more customers than the threshold: a shared contact, merging nobody.
  const desk = await Promise.all([1, 2, 3, 4].map((n) => customer(`Guest ${n}`, 2020 + n, ['desk@shop.example'])));
  const untouched = [ann, annCopy, cid, cidWork, cidOld, linh, minh, ...desk];

  expect((await as(acme.supervisor).post(APPLY, { dryRun: true })).status).toBe(403);
  const dry = await as(acme.admin).post(APPLY, { dryRun: true });
  expect(dry.status).toBe(202);
  const dryRun = await finishedRun(dry.body.id);
  expect(dryRun).toMatchObject({
    status: 'done',
    dryRun: true,
    enforceUniqueBy: 'email',
    progress: { groups: 3, done: 3, merged: 2, refused: 1 },
    finishedAt: expect.any(String),
  });
  expect(dryRun.report).toEqual([
    {
      survivorId: linh,
      victimIds: [minh],
      values: ['home@shop.example'],
      outcome: 'refused',
      code: 'merge_blocked',
      detail: expect.any(String),
      blocks: [
        {
          victimId: minh,
          blocks: [expect.objectContaining({ code: 'different_unique_identifiers', identifierType: 'loyaltyCard' })],
        },
      ],
    },
    { survivorId: ann, victimIds: [annCopy], values: ['ann@shop.example'], outcome: 'would_merge' },
    {
      survivorId: cid,
      victimIds: [cidWork, cidOld],
      values: ['cid@shop.example', 'cid@work.example'],
      outcome: 'would_merge',
    },
  ]);
  for (const id of untouched) expect(await statusOf(id)).toBe(200);
  expect((await as(acme.supervisor).get('/api/v1/audit?type=customer.merged')).body.items).toEqual([]);

  const real = await as(acme.admin).post(APPLY, { dryRun: false, dryRunId: dry.body.id });
  expect(real.status).toBe(202);
  const run = await finishedRun(real.body.id);
  expect(run).toMatchObject({
    status: 'done',
    dryRun: false,
    dryRunId: dry.body.id,
    progress: { groups: 3, done: 3, merged: 2, refused: 1 },
  });
  const merged = run.report.filter((group: { outcome: string }) => group.outcome === 'merged');
  annMergeId = merged[0].mergeId;
  expect(merged.map((group: { survivorId: string }) => group.survivorId)).toEqual([ann, cid]);
  for (const group of merged) {
    expect(await worker.get(MergesProducer).waitFor(group.mergeId, 30_000)).toBe(true);
    const merge = await as(acme.agent).get(`/api/v1/merges/${group.mergeId as string}`);
    expect(merge.body).toMatchObject({ trigger: 'uniqueness', status: 'done', survivorId: group.survivorId });
  }
  for (const id of [annCopy, cidWork, cidOld]) expect(await statusOf(id)).toBe(308);
  for (const id of [ann, cid, linh, minh, ...desk]) expect(await statusOf(id)).toBe(200);

  // A job taken over after a crash that came between a group's merge and its recorded result: it runs again,
  // finds that group merged already, and merges nothing twice.
  const cidGroup = run.report.findIndex((group: { survivorId: string }) => group.survivorId === cid);
  await api.app
    .get<Model<UniquenessRun>>(getModelToken(UniquenessRun.name))
    .updateOne(
      { _id: new Types.ObjectId(real.body.id as string) },
      { $set: { status: 'running' }, $unset: { [`groups.${cidGroup}.result`]: 1, finishedAt: 1 } },
    );
  await worker.get(UniquenessRunRunnerService).run(acme.admin.tenantId, real.body.id);
  const again = (await as(acme.admin).get(`${APPLY}/${real.body.id as string}`)).body;
  expect(again).toMatchObject({ status: 'done', progress: { groups: 3, done: 3, merged: 2, refused: 1 } });
  expect(again.report[cidGroup]).toMatchObject({ survivorId: cid, outcome: 'already_merged' });
  expect(again.report.map((group: { outcome: string }) => group.outcome)).toEqual([
    'refused',
    'merged',
    'already_merged',
  ]);
  expect((await as(acme.supervisor).get('/api/v1/audit?type=customer.merged')).body.items).toHaveLength(2);
});

it('finds the groups itself in a real run without a dry run, leaving apart the customers an undo separated', async () => {
  const undo = await as(acme.supervisor).post(`/api/v1/merges/${annMergeId}/undo`);
  expect(undo.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`undo-${undo.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 30_000);
  expect((await as(acme.supervisor).get(`/api/v1/merges/${annMergeId}/undo`)).body.status).toBe('done');

  const real = await as(acme.admin).post(APPLY, { dryRun: false });
  expect(real.status).toBe(202);
  const run = await finishedRun(real.body.id);
  // The couple the guard keeps apart, and Ann and her copy, separated by the undo: nothing merges.
  expect(run).toMatchObject({ progress: { groups: 2, done: 2, merged: 0, refused: 2 } });
  expect(run.report.map((group: { code: string }) => group.code)).toEqual(['merge_blocked', 'customers_separated']);
  expect(run.report[1].separatedPairs).toHaveLength(1);
  expect((await as(acme.supervisor).get('/api/v1/audit?type=customer.merged')).body.items).toHaveLength(2);
});

it('refuses without the setting, an unfinished or foreign dry run, and agents', async () => {
  const off = await as(globex.admin).post(APPLY, { dryRun: true });
  expect(off.status).toBe(409);
  expect(off.body.code).toBe('uniqueness_off');
  const dry = await as(acme.admin).post(APPLY, { dryRun: true });
  const foreign = await as(globex.admin).get(`${APPLY}/${dry.body.id as string}`);
  expect(foreign.status).toBe(404);
  const twice = await as(acme.admin).post(APPLY, { dryRun: true, dryRunId: dry.body.id });
  expect(twice.status).toBe(409);
  expect(twice.body.code).toBe('dry_run_unusable');
  expect((await as(acme.agent).get(`${APPLY}/${dry.body.id as string}`)).status).toBe(403);
  expect((await as(acme.admin).post(APPLY, { dryRun: 'yes' })).status).toBe(400);
  await finishedRun(dry.body.id);
});

it('is described in the OpenAPI document, with the uniqueness field of an edit’s answer', async () => {
  const openapi = (await as(acme.admin).get('/api/docs-json')).body;
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining([APPLY, `${APPLY}/{id}`]));
  expect(Object.keys(openapi.paths[APPLY].post.responses)).toEqual(
    expect.arrayContaining(['202', '400', '403', '404', '409']),
  );
  expect(openapi.components.schemas.CustomerProfile.properties.uniqueness).toBeDefined();
  expect(openapi.components.schemas.IdentifyResult.properties.uniqueness).toBeDefined();
  expect(openapi.components.schemas.UniquenessOutcomeView.properties.action.enum).toEqual(['merged', 'refused']);
  expect(openapi.components.schemas.MergeView.properties.trigger.enum).toEqual(['suggestion', 'manual', 'uniqueness']);
});
