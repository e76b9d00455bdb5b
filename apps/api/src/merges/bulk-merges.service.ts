import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { notFound } from '@app/http';
import { BulkMergeRepository, type BulkMerge } from '@app/persistence';
import { BulkMergesProducer } from '@app/queue';
import { mapPage } from '@app/persistence';
import { pageRequest, type PageQueryDto } from '../paging/page-query.dto.js';
import { toBulkMergeSummary, toBulkMergeView } from './bulk-merge-view.js';
import type {
  BulkMergeAcceptedView,
  BulkMergeListView,
  BulkMergePairsQueryDto,
  BulkMergeRequestDto,
  BulkMergeView,
} from './bulk-merges.dto.js';

function actorOf(principal: Principal): BulkMerge['actor'] {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, role: principal.role }
    : { kind: 'connector', id: principal.keyId };
}

@Injectable()
export class BulkMergesService {
  constructor(
    private readonly bulkMerges: BulkMergeRepository,
    private readonly producer: BulkMergesProducer,
  ) {}

  /**
   * Stores the request once per idempotency key and hands it to the worker. A resubmission answers the stored one
   * and enqueues it again only while unfinished: the job id absorbs a duplicate, and covers an enqueue that failed.
   */
  async submit(principal: Principal, dto: BulkMergeRequestDto): Promise<BulkMergeAcceptedView> {
    const { bulk } = await this.bulkMerges.createOrFind({
      tenantId: principal.tenantId,
      idempotencyKey: dto.idempotencyKey,
      actor: actorOf(principal),
      pairs: dto.pairs.map(({ survivorId, victimId }) => ({ survivorId, victimId })),
    });
    const id = bulk._id.toHexString();
    if (bulk.status !== 'done') await this.producer.run({ tenantId: principal.tenantId, bulkMergeId: id });
    return { id, status: bulk.status };
  }

  /** The tenant's bulk merges, newest first, each with its progress (not its pairs). */
  async list(principal: Principal, query: PageQueryDto): Promise<BulkMergeListView> {
    const page = await this.bulkMerges.page(principal.tenantId, pageRequest(query, false));
    return mapPage(page, toBulkMergeSummary);
  }

  async get(principal: Principal, id: string, query: BulkMergePairsQueryDto): Promise<BulkMergeView> {
    const bulk = await this.bulkMerges.findById(principal.tenantId, id);
    if (!bulk) throw notFound('bulk merge');
    return toBulkMergeView(bulk, query);
  }
}
