import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import {
  DeliveryResumer,
  DeliveryRunner,
  DeliveryRunnerModule,
  DeliveryStarter,
  DeliveryStarterModule,
  type DeliverySender,
  type SendResult,
} from '@app/outbound';
import { DeliveryRepository, type Delivery, type Stored } from '@app/persistence';
import { QUEUES } from '@app/queue';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { DeliveriesProcessor } from './deliveries.processor.js';

type Step = SendResult | Error;

/** Answers each subject's attempts from its script, in order, and records what it was asked. */
@Injectable()
class ScriptedSender implements DeliverySender {
  readonly kind = 'reply' as const;
  readonly retryPolicy = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3 };
  readonly scripts = new Map<string, Step[]>();
  readonly sent: string[] = [];
  readonly finished: { subjectId: string; status: string }[] = [];

  async send(delivery: Stored<Delivery>): Promise<SendResult> {
    this.sent.push(delivery.subjectId);
    const step = this.scripts.get(delivery.subjectId)?.shift() ?? { statusCode: 200 };
    if (step instanceof Error) throw step;
    return step;
  }

  async onFinished(delivery: Stored<Delivery>): Promise<void> {
    this.finished.push({ subjectId: delivery.subjectId, status: delivery.status });
  }
}

let env: TestEnvironment;
let context: INestApplicationContext;
let starter: DeliveryStarter;
let runner: DeliveryRunner;
let deliveries: DeliveryRepository;
let sender: ScriptedSender;
let queue: Queue;
let events: QueueEvents;
let db: Connection;
const tenantId = new Types.ObjectId().toHexString();

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [
    DeliveryStarterModule,
    {
      module: class DeliveriesUnderTest {},
      imports: [DeliveryRunnerModule.withSenders({ senders: [ScriptedSender] })],
      providers: [DeliveriesProcessor],
    },
  ]);
  starter = context.get(DeliveryStarter);
  runner = context.get(DeliveryRunner);
  deliveries = context.get(DeliveryRepository);
  sender = context.get(ScriptedSender);
  queue = context.get(getQueueToken(QUEUES.deliveries));
  db = context.get(getConnectionToken());
  events = new QueueEvents(QUEUES.deliveries, { connection: { url: env.REDIS_URL } });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events?.close();
  await context?.close();
  if (env) await dropTestDatabase(env);
});

let sequence = 0;
function subject(script: Step[] = []): string {
  const subjectId = `message-${++sequence}`;
  sender.scripts.set(subjectId, script);
  return subjectId;
}

async function deliver(subjectId: string): Promise<Stored<Delivery>> {
  const delivery = await starter.start({ tenantId, kind: 'reply', subjectId });
  const job = await queue.getJob(delivery._id.toHexString());
  await job!.waitUntilFinished(events);
  return (await deliveries.findById(tenantId, delivery._id.toHexString()))!;
}

const timesSent = (subjectId: string) => sender.sent.filter((sent) => sent === subjectId).length;

describe('the deliveries queue', () => {
  it('tries a delivery again after 5xx and 429 (honouring Retry-After) until the provider takes it, logging each attempt', async () => {
    const subjectId = subject([
      { statusCode: 503 },
      { statusCode: 429, retryAfter: '0' },
      { statusCode: 201, providerId: 'SM1' },
    ]);

    const delivery = await deliver(subjectId);

    expect(delivery).toMatchObject({ status: 'delivered', providerId: 'SM1' });
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([503, 429, 201]);
    expect(delivery.attempts.map((attempt) => attempt.nextAttemptAt !== undefined)).toEqual([true, true, false]);
    for (const attempt of delivery.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
    expect(timesSent(subjectId)).toBe(3);
    expect(sender.finished.filter((finished) => finished.subjectId === subjectId)).toEqual([
      { subjectId, status: 'delivered' },
    ]);
  });

  it('fails a 4xx at once with the provider’s words, without trying again', async () => {
    const subjectId = subject([{ statusCode: 400, error: '131047: Re-engagement message' }]);

    const delivery = await deliver(subjectId);

    expect(delivery).toMatchObject({ status: 'failed', failureReason: 'HTTP 400: 131047: Re-engagement message' });
    expect(delivery.attempts).toHaveLength(1);
    expect(timesSent(subjectId)).toBe(1);
    expect(sender.finished).toContainEqual({ subjectId, status: 'failed' });
  });

  it('counts a thrown error as a network error and tries again', async () => {
    const subjectId = subject([new Error('connect ECONNREFUSED 127.0.0.1:9'), { statusCode: 200 }]);

    const delivery = await deliver(subjectId);

    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map(({ statusCode, error }) => ({ statusCode, error }))).toEqual([
      { statusCode: undefined, error: 'connect ECONNREFUSED 127.0.0.1:9' },
      { statusCode: 200, error: undefined },
    ]);
  });

  it('gives up after the sender’s maximum attempts', async () => {
    const subjectId = subject([{ statusCode: 500 }, { statusCode: 502 }, { statusCode: 503 }, { statusCode: 200 }]);

    const delivery = await deliver(subjectId);

    expect(delivery).toMatchObject({ status: 'failed', failureReason: 'gave up after 3 attempts: HTTP 503' });
    expect(timesSent(subjectId)).toBe(3);
  });

  it('starts one delivery and sends it once when asked twice', async () => {
    const subjectId = subject();

    const [first, second] = await Promise.all([
      starter.start({ tenantId, kind: 'reply', subjectId }),
      starter.start({ tenantId, kind: 'reply', subjectId }),
    ]);
    expect(second._id).toEqual(first._id);
    await (await queue.getJob(first._id.toHexString()))!.waitUntilFinished(events);
    await starter.start({ tenantId, kind: 'reply', subjectId });

    expect(await deliveries.count({ tenantId, kind: 'reply', subjectId })).toBe(1);
    expect(timesSent(subjectId)).toBe(1);
  });

  it('sends nothing when run again after the end, and tells the sender again (a crash before it heard)', async () => {
    const subjectId = subject();
    const delivery = await deliver(subjectId);

    expect(await runner.run(tenantId, delivery._id.toHexString())).toEqual({ kind: 'done' });

    expect(timesSent(subjectId)).toBe(1);
    expect(sender.finished.filter((finished) => finished.subjectId === subjectId)).toHaveLength(2);
  });

  it('waits for an attempt the log scheduled instead of sending early (a job run again after a crash)', async () => {
    const subjectId = subject();
    const { delivery } = await deliveries.createOrFind({ tenantId, kind: 'reply', subjectId });
    const nextAttemptAt = new Date(Date.now() + 60_000);
    await deliveries.recordAttempt(
      tenantId,
      delivery._id,
      { at: new Date(), statusCode: 503, latencyMs: 3, nextAttemptAt },
      { status: 'pending' },
    );

    const result = await runner.run(tenantId, delivery._id.toHexString());

    expect(result.kind).toBe('retry');
    expect(result.kind === 'retry' && result.delayMs).toBeGreaterThan(50_000);
    expect(timesSent(subjectId)).toBe(0);
  });

  it('keeps each tenant’s deliveries to itself', async () => {
    const subjectId = subject();
    const delivery = await deliver(subjectId);

    expect(await deliveries.findById(new Types.ObjectId().toHexString(), delivery._id.toHexString())).toBeNull();
    expect(await db.collection('deliveries').countDocuments({ subjectId })).toBe(1);
  });

  it('queues again a pending delivery whose job is gone, and leaves one waiting out its backoff', async () => {
    const orphan = subject();
    const waiting = subject();
    const { delivery: lost } = await deliveries.createOrFind({ tenantId, kind: 'reply', subjectId: orphan });
    const { delivery: backingOff } = await deliveries.createOrFind({ tenantId, kind: 'reply', subjectId: waiting });
    await deliveries.recordAttempt(
      tenantId,
      backingOff._id,
      { at: new Date(), statusCode: 503, latencyMs: 2, nextAttemptAt: new Date(Date.now() + 5 * 60_000) },
      { status: 'pending' },
    );
    const longAgo = new Date(Date.now() - 11 * 60_000);
    await db
      .collection('deliveries')
      .updateMany({ _id: { $in: [lost._id, backingOff._id] } }, { $set: { updatedAt: longAgo } });

    expect(await context.get(DeliveryResumer).resumeStalled(new Date())).toBe(1);

    await (await queue.getJob(lost._id.toHexString()))!.waitUntilFinished(events);
    expect((await deliveries.findById(tenantId, lost._id.toHexString()))?.status).toBe('delivered');
    expect(timesSent(orphan)).toBe(1);
    expect(timesSent(waiting)).toBe(0);
    expect(await queue.getJob(backingOff._id.toHexString())).toBeUndefined();
    // Run again, nothing is stalled any more.
    expect(await context.get(DeliveryResumer).resumeStalled(new Date())).toBe(0);
  });
});
