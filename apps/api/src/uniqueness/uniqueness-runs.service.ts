import { Injectable } from '@nestjs/common';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import { notFound, ProblemException } from '@app/http';
import { TenantRepository, UniquenessRunRepository, type Stored, type UniquenessRun } from '@app/persistence';
import { BulkMergesProducer } from '@app/queue';
import type { UserPrincipal } from '@app/auth';
import type { UniquenessRunAcceptedView, UniquenessRunRequestDto, UniquenessRunView } from './uniqueness-runs.dto.js';

/** "Apply to existing duplicates" (issue 13): an admin's dry run, then the real run, both in the worker. */
@Injectable()
export class UniquenessRunsService {
  constructor(
    private readonly runs: UniquenessRunRepository,
    private readonly tenants: TenantRepository,
    private readonly producer: BulkMergesProducer,
  ) {}

  async start(actor: UserPrincipal, dto: UniquenessRunRequestDto): Promise<UniquenessRunAcceptedView> {
    const { tenantId } = actor;
    const settings = { ...DEFAULT_IDENTITY_SETTINGS, ...(await this.tenants.identitySettings(tenantId)) };
    if (settings.enforceUniqueBy === 'off') {
      throw new ProblemException(409, 'uniqueness_off', 'Choose what is unique (enforceUniqueBy) first');
    }
    const from = dto.dryRunId ? await this.dryRunToMerge(actor, dto, settings.enforceUniqueBy) : undefined;
    const run = await this.runs.create({
      tenantId,
      dryRun: dto.dryRun,
      enforceUniqueBy: settings.enforceUniqueBy,
      actor: { id: actor.userId, role: actor.role },
      ...(from ? { fromDryRunId: from._id, groups: from.groups } : {}),
    });
    const id = run._id.toHexString();
    await this.producer.applyUniqueness({ tenantId, runId: id });
    return { id };
  }

  async get(actor: UserPrincipal, id: string): Promise<UniquenessRunView> {
    const run = await this.runs.findById(actor.tenantId, id);
    if (!run) throw notFound('uniqueness run');
    return toView(run);
  }

  /** The finished dry run, of the attribute enforced now, whose groups a real run merges. */
  private async dryRunToMerge(
    actor: UserPrincipal,
    dto: UniquenessRunRequestDto,
    enforceUniqueBy: string,
  ): Promise<Stored<UniquenessRun>> {
    const dryRun = await this.runs.findById(actor.tenantId, dto.dryRunId ?? '');
    if (!dryRun?.dryRun) throw notFound('dry run');
    if (dto.dryRun || dryRun.status !== 'done' || dryRun.enforceUniqueBy !== enforceUniqueBy) {
      throw new ProblemException(
        409,
        'dry_run_unusable',
        'Only a real run merges a dry run’s groups, once it is done and the enforced attribute is still the same',
        { dryRunId: dto.dryRunId, status: dryRun.status, enforceUniqueBy: dryRun.enforceUniqueBy },
      );
    }
    return dryRun;
  }
}

function toView(run: Stored<UniquenessRun>): UniquenessRunView {
  const outcomes = run.groups.map((group) => group.result?.outcome);
  return {
    id: run._id.toHexString(),
    status: run.status,
    dryRun: run.dryRun,
    enforceUniqueBy: run.enforceUniqueBy,
    ...(run.fromDryRunId ? { dryRunId: run.fromDryRunId.toHexString() } : {}),
    progress: {
      groups: run.groups.length,
      done: outcomes.filter((outcome) => outcome !== undefined).length,
      merged: outcomes.filter((outcome) => outcome !== undefined && outcome !== 'refused').length,
      refused: outcomes.filter((outcome) => outcome === 'refused').length,
    },
    report: run.groups.map(({ survivorId, victimIds, values, result }) => {
      const { blocks, ...rest } = result ?? {};
      return { survivorId, victimIds, values, ...rest, ...(blocks ? { blocks: blocks as object[] } : {}) };
    }),
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
