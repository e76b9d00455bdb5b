import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { JobMap } from './jobs.js';
import { PERIODIC_LOOK, QUEUES } from './queues.js';

type JournalJobName = Exclude<keyof JobMap[typeof QUEUES.merges], 'operations.resume'>;

/** How each journal kind runs as a job: its job's name, its deterministic id and payload. */
export const JOURNAL_JOBS = {
  merge: {
    name: 'merge.execute',
    jobId: (id: string) => `merge-${id}`,
    data: (tenantId, id) => ({ tenantId, mergeId: id }),
  },
  detach: {
    name: 'detach.execute',
    jobId: (id: string) => `detach-${id}`,
    data: (tenantId, id) => ({ tenantId, detachId: id }),
  },
  undo: {
    name: 'undo.execute',
    jobId: (id: string) => `undo-${id}`,
    data: (tenantId, id) => ({ tenantId, undoId: id }),
  },
  move: {
    name: 'move.execute',
    jobId: (id: string) => `move-${id}`,
    data: (tenantId, id) => ({ tenantId, moveId: id }),
  },
} as const satisfies Record<
  string,
  { name: JournalJobName; jobId: (id: string) => string; data: (tenantId: string, id: string) => unknown }
>;

export type JournalJobKind = keyof typeof JOURNAL_JOBS;

/**
 * The options every journal job is added with (the starters' producers use the same). The journal in the database
 * is the record of an operation and the resumer finishes a stuck one, so a failed job is only a diagnostic: kept for
 * a month, but never more than a bounded number (Redis runs with noeviction; unbounded growth ends in refused writes).
 */
export const JOURNAL_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
} as const;

/** Adds a journal's job under its deterministic id: a resumed journal never runs as two jobs. */
export async function addJournalJob(queue: Queue, kind: JournalJobKind, tenantId: string, id: string): Promise<void> {
  const { name, jobId, data } = JOURNAL_JOBS[kind];
  await queue.add(name, data(tenantId, id), { jobId: jobId(id), ...JOURNAL_JOB_OPTIONS });
}

/** The scheduler that runs the worker's periodic resumer of stuck journals. */
export const OPERATIONS_RESUME_SCHEDULER = 'operations.resume';

/**
 * Hands a journal to the worker again, under its deterministic id. BullMQ ignores an add whose id it still holds,
 * so a job that failed for good (or completed without finishing the journal) is removed first; one waiting, delayed
 * or active is left to run.
 */
@Injectable()
export class JournalJobsProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** Answers whether a job was added (`false`: one is already on its way). */
  async requeue(kind: JournalJobKind, tenantId: string, id: string): Promise<boolean> {
    const existing = await this.queue.getJob(JOURNAL_JOBS[kind].jobId(id));
    if (existing) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return false;
      await existing.remove();
    }
    await addJournalJob(this.queue, kind, tenantId, id);
    return true;
  }

  /** Runs the periodic resumer every `everyMs` (one scheduler per queue, whatever the number of workers). */
  async schedule(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      OPERATIONS_RESUME_SCHEDULER,
      { every: everyMs },
      { name: 'operations.resume', data: {}, opts: PERIODIC_LOOK },
    );
  }
}
