import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<'admin' | 'supervisor' | 'agent', TestUser>;
let globex: Record<'admin' | 'supervisor' | 'agent', TestUser>;
let queue: Queue;
let events: QueueEvents;
let worker: Worker;
let as: (user: TestUser) => RestClient;

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acmejobs');
  globex = await createTenantWithUsers(api.app, 'Globexjobs');
  as = await signInAll(api.url, [acme.admin, acme.agent, globex.admin]);
  const connection = { url: api.env.REDIS_URL };
  queue = new Queue(QUEUES.merges, { connection });
  await queue.obliterate({ force: true });
  events = new QueueEvents(QUEUES.merges, { connection });
  await events.waitUntilReady();
  // Stands in for the worker: this job can never succeed.
  worker = new Worker(
    QUEUES.merges,
    async (): Promise<unknown> => {
      throw new UnrecoverableError('the journal of this merge is unreadable');
    },
    { connection: { ...connection, maxRetriesPerRequest: null } },
  );
  const job = await queue.add(
    'merge.execute',
    { tenantId: acme.admin.tenantId, mergeId: 'm-1' },
    { jobId: 'merge-m-1' },
  );
  await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow('unreadable');
  await worker.close();
});

afterAll(async () => {
  await worker?.close();
  await events?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await api?.close();
});

describe('failed jobs', () => {
  it('shows an admin the failed jobs of their tenant with the reason', async () => {
    const response = await as(acme.admin).get('/api/v1/jobs/failed');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        queue: 'merges',
        id: 'merge-m-1',
        name: 'merge.execute',
        failedReason: 'the journal of this merge is unreadable',
        data: { tenantId: acme.admin.tenantId, mergeId: 'm-1' },
      }),
    ]);
  });

  it('shows another tenant’s admin nothing of it, and refuses agents', async () => {
    expect((await as(globex.admin).get('/api/v1/jobs/failed')).body.items).toEqual([]);
    expect((await as(acme.agent).get('/api/v1/jobs/failed')).status).toBe(403);
    expect((await as(globex.admin).post('/api/v1/jobs/merges/merge-m-1/retry')).status).toBe(404);
  });

  it('retries a failed job for the admin of its tenant', async () => {
    const retried = await as(acme.admin).post('/api/v1/jobs/merges/merge-m-1/retry');
    expect(retried.status).toBe(200);
    expect(await (await queue.getJob('merge-m-1'))?.getState()).toBe('waiting');
    expect((await as(acme.admin).get('/api/v1/jobs/failed')).body.items).toEqual([]);
    expect((await as(acme.admin).post('/api/v1/jobs/nonsense/merge-m-1/retry')).status).toBe(400);
  });
});
