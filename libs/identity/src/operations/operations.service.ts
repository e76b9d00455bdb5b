import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Types } from 'mongoose';
import type { AppConfigService } from '@app/config';
import { stuckOperationAction } from '@app/domain';
import {
  DetachRepository,
  MergeRepository,
  MergeUndoRepository,
  MoveRepository,
  toPage,
  type JournalRepository,
  type LockingJournal,
  type MergeStatus,
  type OperationJournal,
  type Page,
  type PageRequest,
  type Stored,
} from '@app/persistence';
import { JournalJobsProducer } from '@app/queue';
import { CustomerLocksService } from '../customer-locks.service.js';
import { withHeartbeat } from './journal-heartbeat.js';
import { DetachExecutorService } from '../detaches/detach-executor.service.js';
import { MergeExecutorService } from '../merges/merge-executor.service.js';
import { MergeUndoExecutorService } from '../merge-undos/merge-undo-executor.service.js';
import { MoveExecutorService } from '../moves/move-executor.service.js';

/** One kind of journaled operation: where its journals are, whom it locks, how it runs. */
interface OperationKind {
  journals: JournalRepository<OperationJournal>;
  customerIds(journal: Stored<OperationJournal>): Types.ObjectId[];
  execute(tenantId: string, id: string): Promise<unknown>;
}

/** An operation as supervisors see it in flight. */
export interface OperationView {
  kind: LockingJournal;
  id: string;
  status: MergeStatus;
  customerIds: string[];
  completedSteps: string[];
  actorId: string;
  startedAt: Date;
  updatedAt: Date;
}

export interface OperationsQuery {
  statuses: MergeStatus[];
  kind?: LockingJournal;
}

/** How many journals one look takes of each kind; the next look takes the rest. */
const RESUME_BATCH = 100;

/**
 * Every journaled operation that locks customers (merges, detaches, undos), as one table: the worker runs them with
 * a heartbeat, finishes at start what a dead worker left, and periodically hands back to the queue what stopped
 * moving — a job that used up its attempts, an enqueue that failed after the locks were taken — and gives back the
 * locks of a starter that died while pending. A new kind is one entry in `kinds`.
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger(OperationsService.name);
  private readonly kinds: Record<LockingJournal, OperationKind>;
  readonly stuckAfterMs: number;

  constructor(
    merges: MergeRepository,
    detaches: DetachRepository,
    undos: MergeUndoRepository,
    mergeExecutor: MergeExecutorService,
    detachExecutor: DetachExecutorService,
    undoExecutor: MergeUndoExecutorService,
    moves: MoveRepository,
    moveExecutor: MoveExecutorService,
    private readonly locks: CustomerLocksService,
    private readonly jobs: JournalJobsProducer,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.stuckAfterMs = config.get('STUCK_OPERATION_SECONDS', { infer: true }) * 1000;
    const survivorAndVictims = (journal: Stored<OperationJournal>) => {
      const { survivorId, victimIds } = journal as unknown as {
        survivorId: Types.ObjectId;
        victimIds: Types.ObjectId[];
      };
      return [survivorId, ...victimIds];
    };
    // A detach and a move lock the customer they take from and the one they give to.
    const fromAndTo = (journal: Stored<OperationJournal>) => {
      const { fromCustomerId, toCustomerId } = journal as unknown as {
        fromCustomerId: Types.ObjectId;
        toCustomerId: Types.ObjectId;
      };
      return [fromCustomerId, toCustomerId];
    };
    this.kinds = {
      merge: {
        journals: merges as unknown as JournalRepository<OperationJournal>,
        customerIds: survivorAndVictims,
        execute: (tenantId, id) => mergeExecutor.execute(tenantId, id),
      },
      detach: {
        journals: detaches as unknown as JournalRepository<OperationJournal>,
        customerIds: fromAndTo,
        execute: (tenantId, id) => detachExecutor.execute(tenantId, id),
      },
      undo: {
        journals: undos as unknown as JournalRepository<OperationJournal>,
        customerIds: survivorAndVictims,
        execute: (tenantId, id) => undoExecutor.execute(tenantId, id),
      },
      move: {
        journals: moves as unknown as JournalRepository<OperationJournal>,
        customerIds: fromAndTo,
        execute: (tenantId, id) => moveExecutor.execute(tenantId, id),
      },
    };
  }

  /** Runs the journal, beating its heartbeat three times per threshold so a slow step never looks stuck. */
  run(kind: LockingJournal, tenantId: string, id: string): Promise<unknown> {
    const { journals, execute } = this.kinds[kind];
    const journalId = new Types.ObjectId(id);
    return withHeartbeat(
      () => journals.heartbeat(tenantId, journalId),
      Math.max(1, Math.floor(this.stuckAfterMs / 3)),
      () => execute(tenantId, id),
      (error) => this.logger.warn({ err: error, kind, id }, 'journal heartbeat failed'),
    );
  }

  /**
   * At worker start: finishes in this process every running journal a dead worker left, without waiting for BullMQ
   * to notice its stalled job. Running one twice (here and from its job) is safe: every step is idempotent.
   */
  async resumeAtStart(): Promise<void> {
    for (const [kind, { journals }] of this.entries()) {
      for (const journal of await journals.findUnfinishedOfAllTenants(RESUME_BATCH)) {
        this.logger.warn(
          { kind, id: journal._id, completedSteps: journal.completedSteps },
          'resuming an unfinished journal',
        );
        await this.run(kind, journal.tenantId.toHexString(), journal._id.toHexString());
      }
    }
  }

  /**
   * The periodic look: a running journal not moved for the threshold is queued again under its job id, a pending one
   * is refused and its locks given back. Answers what it did, per journal.
   */
  async resumeStuck(
    now: Date = new Date(),
  ): Promise<{ kind: LockingJournal; id: string; action: 'resumed' | 'abandoned' }[]> {
    const before = new Date(now.getTime() - this.stuckAfterMs);
    const done: { kind: LockingJournal; id: string; action: 'resumed' | 'abandoned' }[] = [];
    for (const [kind, { journals }] of this.entries()) {
      for (const journal of await journals.findNotMovedSinceOfAllTenants(before, RESUME_BATCH)) {
        const tenantId = journal.tenantId.toHexString();
        const id = journal._id.toHexString();
        const action = stuckOperationAction(journal, now, this.stuckAfterMs);
        if (action === 'resume') {
          const queued = await this.jobs.requeue(kind, tenantId, id);
          this.logger.warn({ kind, id, completedSteps: journal.completedSteps, queued }, 'resuming a stuck journal');
          if (queued) done.push({ kind, id, action: 'resumed' });
        } else if (action === 'abandon' && (await journals.abandon(tenantId, journal._id, before))) {
          await this.locks.release(tenantId, journal._id);
          this.logger.warn({ kind, id }, 'gave back the locks of an abandoned journal');
          done.push({ kind, id, action: 'abandoned' });
        }
      }
    }
    return done;
  }

  /** The tenant's operations in these states across kinds (or of one), newest first. */
  async list(tenantId: string, query: OperationsQuery, page: PageRequest): Promise<Page<OperationView>> {
    const kinds = query.kind ? [query.kind] : (Object.keys(this.kinds) as LockingJournal[]);
    const rows = (
      await Promise.all(
        kinds.map(async (kind) => {
          const { journals, customerIds } = this.kinds[kind];
          const found = await journals.findByStatus(tenantId, query.statuses, page.after, page.limit + 1);
          return found.map((journal) => view(kind, journal, customerIds(journal)));
        }),
      )
    )
      .flat()
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id.localeCompare(a.id));
    return toPage(rows, page.limit, (row) => ({ at: row.startedAt, id: new Types.ObjectId(row.id) }));
  }

  private entries(): [LockingJournal, OperationKind][] {
    return Object.entries(this.kinds) as [LockingJournal, OperationKind][];
  }
}

function view(kind: LockingJournal, journal: Stored<OperationJournal>, customerIds: Types.ObjectId[]): OperationView {
  return {
    kind,
    id: journal._id.toHexString(),
    status: journal.status,
    customerIds: customerIds.map((id) => id.toHexString()),
    completedSteps: journal.completedSteps,
    actorId: journal.actorId,
    startedAt: journal.createdAt,
    updatedAt: journal.updatedAt,
  };
}
