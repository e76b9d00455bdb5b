import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { AuditRepository, CustomerRepository, mapPage } from '@app/persistence';
import { pageRequest, type PageQueryDto } from '../paging/page-query.dto.js';
import { actorFilter } from './actor-filter.js';
import type { AuditList, AuditListQueryDto } from './audit.dto.js';
import { toAuditRecordView } from './audit-view.js';

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly customers: CustomerRepository,
  ) {}

  async list(actor: UserPrincipal, query: AuditListQueryDto): Promise<AuditList> {
    const page = await this.audit.page(
      actor.tenantId,
      {
        type: query.type,
        actor: query.actor ? actorFilter(query.actor) : undefined,
        since: query.since ? new Date(query.since) : undefined,
      },
      pageRequest(query, true),
    );
    return mapPage(page, toAuditRecordView);
  }

  /**
   * The records naming the customer. A merged-away customer answers its own history (up to its merge) rather than
   * redirecting: the trail is where a supervisor looks for what happened to it.
   */
  async ofCustomer(actor: UserPrincipal, id: string, query: PageQueryDto): Promise<AuditList> {
    const request = pageRequest(query, true);
    const customer = await this.customers.findById(actor.tenantId, id);
    if (!customer) throw notFound('customer');
    const page = await this.audit.page(actor.tenantId, { customerId: customer._id }, request);
    return mapPage(page, toAuditRecordView);
  }
}
