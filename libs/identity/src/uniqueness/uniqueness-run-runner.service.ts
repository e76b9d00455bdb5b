import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Types } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS, uniquenessGroups, type UniquenessHolder } from '@app/domain';
import {
  CustomerRepository,
  TenantRepository,
  UniquenessRunRepository,
  type UniquenessGroupResult,
  type UniquenessRun,
  type UniquenessRunGroup,
  type Stored,
} from '@app/persistence';
import { MergesProducer } from '@app/queue';
import { MergeRefusedError } from '../merges/merge-errors.js';
import { actorKindOf } from '../user-actor.js';
import { MergePlannerService } from '../merges/merge-planner.service.js';
import { MergeStarterService } from '../merges/merge-starter.service.js';
import { separation, toUniquenessHolder, UniquenessEnforcerService } from './uniqueness-enforcer.service.js';

/** Customers read per query while the groups are found. */
const SCAN_BATCH = 1_000;
/** Groups share no customer, so several merge at once (the merges queue runs four journals per worker). */
const PARALLEL_GROUPS = 4;
/** A group whose customers another journal holds is tried again once that one finished; then reported refused. */
const BUSY_ATTEMPTS = 3;
const HOLDER_WAIT_MS = 20_000;
const BUSY_PAUSE_MS = 200;

/**
 * "Apply to existing duplicates": finds the groups of active customers sharing a value of the enforced attribute
 * (or takes a dry run's), stores them, then checks each through the merge planner (dry run: nothing changes) or
 * merges it through the merge starter (guarded, journaled, audited, undoable like any merge), recording each result
 * as soon as it is known, so a job taken over after a crash continues with the groups left.
 */
@Injectable()
export class UniquenessRunRunnerService {
  constructor(
    private readonly runs: UniquenessRunRepository,
    private readonly customers: CustomerRepository,
    private readonly tenants: TenantRepository,
    private readonly planner: MergePlannerService,
    private readonly starter: MergeStarterService,
    private readonly mergeJobs: MergesProducer,
    private readonly enforcer: UniquenessEnforcerService,
  ) {}

  async run(tenantId: string, runId: string): Promise<void> {
    let run = await this.runs.findById(tenantId, runId);
    if (!run || run.status === 'done') return;
    await this.runs.markRunning(tenantId, run._id);
    if (!run.grouped) {
      await this.runs.storeGroups(tenantId, run._id, await this.findGroups(run));
      run = await this.runs.findById(tenantId, runId);
      if (!run) return;
    }
    const current = run;
    const left = current.groups.flatMap((group, index) => (group.result ? [] : [{ group, index }]));
    await forEachAtOnce(left, PARALLEL_GROUPS, async ({ group, index }) => {
      const separated = await this.enforcer.separatedPairs(tenantId, group);
      const result =
        separated.length > 0
          ? separatedResult(group, separated)
          : current.dryRun
            ? await this.check(tenantId, group)
            : await this.merge(tenantId, current, group);
      await this.runs.recordResult(tenantId, current._id, index, result);
    });
    await this.runs.finish(tenantId, current._id);
  }

  private async findGroups(run: Stored<UniquenessRun>): Promise<UniquenessRunGroup[]> {
    const tenantId = run.tenantId;
    const stored = await this.tenants.identitySettings(tenantId);
    const settings = { ...DEFAULT_IDENTITY_SETTINGS, ...stored, enforceUniqueBy: run.enforceUniqueBy };
    if (settings.enforceUniqueBy === 'off') return [];
    const held =
      settings.enforceUniqueBy === 'referenceCode'
        ? { identifierType: 'referenceCode' }
        : { contactType: settings.enforceUniqueBy };
    const holders: UniquenessHolder[] = [];
    let afterId: Types.ObjectId | undefined;
    for (;;) {
      const page = await this.customers.pageActiveHoldingType(tenantId, held, afterId, SCAN_BATCH);
      holders.push(...page.map(toUniquenessHolder));
      if (page.length < SCAN_BATCH) break;
      afterId = page[page.length - 1]?._id;
    }
    return uniquenessGroups(settings, holders);
  }

  /** A dry run: what the guards say of the group's merge now, changing nothing. */
  private async check(tenantId: string, group: UniquenessRunGroup): Promise<UniquenessGroupResult> {
    try {
      const plan = await this.planner.plan(tenantId, group.survivorId, group.victimIds);
      if (plan.blocks.length === 0) return { outcome: 'would_merge' };
      return { outcome: 'refused', code: 'merge_blocked', detail: 'a guard refuses this merge', blocks: plan.blocks };
    } catch (error) {
      if (!(error instanceof MergeRefusedError)) throw error;
      return refused(error);
    }
  }

  private async merge(
    tenantId: string,
    run: Stored<UniquenessRun>,
    group: UniquenessRunGroup,
  ): Promise<UniquenessGroupResult> {
    for (let attempt = 1; ; attempt += 1) {
      const victimIds = await this.victimsLeft(tenantId, group);
      if (victimIds.length === 0) return { outcome: 'already_merged' };
      try {
        const { merge } = await this.starter.start(
          tenantId,
          run.actor.id,
          { survivorId: group.survivorId, victimIds, trigger: 'uniqueness' },
          run.actor.role,
          actorKindOf(run.actor.role),
        );
        return { outcome: 'merged', mergeId: merge._id.toHexString() };
      } catch (error) {
        if (!(error instanceof MergeRefusedError)) throw error;
        if (error.code !== 'merge_in_progress' || attempt === BUSY_ATTEMPTS) return refused(error);
        const mergeIds = (error.details.mergeIds as string[] | undefined) ?? [];
        // A detach or undo holding them has no job to wait for here: a pause at least.
        await Promise.all([
          delay(BUSY_PAUSE_MS),
          ...mergeIds.map((mergeId) => this.mergeJobs.waitFor(mergeId, HOLDER_WAIT_MS)),
        ]);
      }
    }
  }

  /**
   * The group's victims still to merge: those merged into the survivor already (a run taken over after it started
   * their merge) are done; the others the starter refuses if they went elsewhere meanwhile.
   */
  private async victimsLeft(tenantId: string, group: UniquenessRunGroup): Promise<string[]> {
    const victims = await this.customers.findByIds(
      tenantId,
      group.victimIds.map((id) => new Types.ObjectId(id)),
    );
    const done = new Set(
      victims.filter((victim) => victim.mergedInto?.toHexString() === group.survivorId).map((v) => v._id.toHexString()),
    );
    return group.victimIds.filter((id) => !done.has(id));
  }
}

function separatedResult(group: UniquenessRunGroup, pairs: string[]): UniquenessGroupResult {
  const { code, detail } = separation(group, pairs);
  return { outcome: 'refused', code, detail, separatedPairs: pairs };
}

function refused(error: MergeRefusedError): UniquenessGroupResult {
  const blocks = error.details.blocks as unknown[] | undefined;
  return { outcome: 'refused', code: error.code, detail: error.message, ...(blocks ? { blocks } : {}) };
}

async function forEachAtOnce<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
