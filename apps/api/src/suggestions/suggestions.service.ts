import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import { SuggestionDecisionsService, suggestionView } from '@app/identity';
import { CustomerRepository, SuggestionRepository, type Customer, type Stored } from '@app/persistence';
import { pageRequest } from '../paging/page-query.dto.js';
import { toMergeView } from '../merges/merge-view.js';
import type {
  AcceptedSuggestion,
  AcceptSuggestionDto,
  SuggestionCustomerView,
  SuggestionList,
  SuggestionListQueryDto,
  SuggestionView,
} from './suggestions.dto.js';

function toSuggestionCustomer(id: Types.ObjectId, customer: Stored<Customer> | undefined): SuggestionCustomerView {
  return {
    id: id.toHexString(),
    name: customer?.name ?? null,
    kind: customer?.kind ?? 'contact',
    lastActiveAt: customer?.lastActiveAt?.toISOString() ?? null,
    ...(customer?.mergedInto ? { mergedInto: customer.mergedInto.toHexString() } : {}),
  };
}

@Injectable()
export class SuggestionsService {
  constructor(
    private readonly suggestions: SuggestionRepository,
    private readonly customers: CustomerRepository,
    private readonly decisions: SuggestionDecisionsService,
  ) {}

  /** Ordered by last change, then id, so that a console can page through (or catch up on) changes without gaps. */
  async list(actor: UserPrincipal, query: SuggestionListQueryDto): Promise<SuggestionList> {
    const page = await this.suggestions.pageChanged(
      actor.tenantId,
      { status: query.status, since: query.since ? new Date(query.since) : undefined },
      pageRequest(query, true),
    );
    const customers = await this.customers.findByIds(
      actor.tenantId,
      page.items.flatMap((suggestion) => suggestion.customerIds),
    );
    const byId = new Map(customers.map((customer) => [customer._id.toHexString(), customer]));
    return {
      items: page.items.map((suggestion) => ({
        ...suggestionView(suggestion),
        customers: suggestion.customerIds.map((id) => toSuggestionCustomer(id, byId.get(id.toHexString()))),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Accepts and merges; `finished` is false while the worker is still moving things (the api answers 202). */
  async accept(
    actor: UserPrincipal,
    id: string,
    dto: AcceptSuggestionDto,
  ): Promise<{ accepted: AcceptedSuggestion; finished: boolean }> {
    const { suggestion, merge, finished } = await this.decisions.accept(
      actor.tenantId,
      actor.userId,
      id,
      { survivorId: dto.survivorId, picks: dto.picks },
      actor.role,
    );
    return { accepted: { suggestion: suggestionView(suggestion), merge: toMergeView(merge) }, finished };
  }

  async reject(actor: UserPrincipal, id: string, reason?: string): Promise<SuggestionView> {
    return suggestionView(await this.decisions.reject(actor.tenantId, actor.userId, id, reason, actor.role));
  }
}
