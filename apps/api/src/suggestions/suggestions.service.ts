import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import {
  SuggestionDecisionsService,
  SuggestionPartiesService,
  suggestionView,
  type SuggestionParty,
} from '@app/identity';
import { SuggestionRepository, type SuggestionFilter } from '@app/persistence';
import { pageRequest, scorePageRequest } from '../paging/page-query.dto.js';
import { toMergeView } from '../merges/merge-view.js';
import type {
  AcceptedSuggestion,
  AcceptSuggestionDto,
  SuggestionCustomerView,
  SuggestionList,
  SuggestionListQueryDto,
  SuggestionView,
} from './suggestions.dto.js';

function toSuggestionCustomer({ id, customer, conversationCount }: SuggestionParty): SuggestionCustomerView {
  return {
    id: id.toHexString(),
    name: customer?.name ?? null,
    kind: customer?.kind ?? 'contact',
    lastActiveAt: customer?.lastActiveAt?.toISOString() ?? null,
    createdAt: customer?.createdAt?.toISOString() ?? null,
    conversationCount,
    ...(customer?.mergedInto ? { mergedInto: customer.mergedInto.toHexString() } : {}),
  };
}

/** The first page of a ranked list whose count an index answers (rules are in none): the console's header. */
const countable = (query: SuggestionListQueryDto): boolean => !query.since && !query.cursor && !query.rule?.length;

@Injectable()
export class SuggestionsService {
  constructor(
    private readonly suggestions: SuggestionRepository,
    private readonly parties: SuggestionPartiesService,
    private readonly decisions: SuggestionDecisionsService,
  ) {}

  /**
   * Best match first for an agent working through them; with `since`, by last change then id, so that a console
   * catches up on changes without gaps.
   */
  async list(actor: UserPrincipal, query: SuggestionListQueryDto): Promise<SuggestionList> {
    const filter: SuggestionFilter = {
      statuses: query.status,
      rules: query.rule,
      minScore: query.minScore,
      customerId: query.customerId ? new Types.ObjectId(query.customerId) : undefined,
    };
    const page = query.since
      ? await this.suggestions.pageChanged(
          actor.tenantId,
          { ...filter, since: new Date(query.since) },
          pageRequest(query, true),
        )
      : await this.suggestions.pageRanked(actor.tenantId, filter, scorePageRequest(query));
    const [parties, total] = await Promise.all([
      this.parties.of(actor.tenantId, page.items),
      countable(query) ? this.suggestions.countRanked(actor.tenantId, filter) : undefined,
    ]);
    return {
      items: page.items.map((suggestion, index) => ({
        ...suggestionView(suggestion),
        customers: parties[index].parties.map(toSuggestionCustomer),
        defaultSurvivorId: parties[index].defaultSurvivorId,
      })),
      nextCursor: page.nextCursor,
      ...(total !== undefined ? { total } : {}),
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
