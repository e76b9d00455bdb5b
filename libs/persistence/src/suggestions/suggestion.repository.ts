import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { afterKey, afterScoreKey, toPage, type Page, type PageRequest, type ScoreKey } from '../pagination.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Suggestion, type SuggestionEvidenceDocument, type SuggestionHistoryEntry } from './suggestion.schema.js';
import type { MergeBlock, SuggestionStatus } from '@app/domain';

export type NewSuggestion = Pick<
  Suggestion,
  'pairKey' | 'customerIds' | 'openedFrom' | 'status' | 'evidence' | 'score' | 'seenRules' | 'blocks' | 'history'
> &
  TenantScope;

export interface SuggestionChange {
  status?: SuggestionStatus;
  evidence?: SuggestionEvidenceDocument[];
  score?: number;
  blocks?: MergeBlock[];
  mergeId?: Types.ObjectId;
  /** The merge that supersedes it; `null` forgets it (the suggestion is reopened). */
  supersededBy?: Types.ObjectId | null;
  addSeenRules?: string[];
  history?: SuggestionHistoryEntry;
}

/** What a list of suggestions is narrowed to; every condition given must hold. */
export interface SuggestionFilter {
  /** In any of these statuses. */
  statuses?: readonly SuggestionStatus[];
  /** With evidence of any of these rules. */
  rules?: readonly string[];
  minScore?: number;
  /** Suggestions of this customer. */
  customerId?: Types.ObjectId;
}

function filterConditions(filter: SuggestionFilter): Record<string, unknown> {
  return {
    ...(filter.statuses?.length ? { status: { $in: [...filter.statuses] } } : {}),
    ...(filter.rules?.length ? { 'evidence.rule': { $in: [...filter.rules] } } : {}),
    ...(filter.minScore !== undefined ? { score: { $gte: filter.minScore } } : {}),
    ...(filter.customerId ? { customerIds: filter.customerId } : {}),
  };
}

@Injectable()
export class SuggestionRepository extends TenantScopedRepository<Suggestion> {
  constructor(@InjectModel(Suggestion.name) model: Model<Suggestion>) {
    super(model);
  }

  /** `undefined` when the pair already has its suggestion (the unique pair key decides concurrent checks). */
  private readonly inserts = this.coalescedInsert<NewSuggestion>('insert');

  /** Stores the suggestion, or answers undefined when its pair has one already. */
  insertUnlessPaired(suggestion: NewSuggestion): Promise<Stored<Suggestion> | undefined> {
    return this.inserts.call(suggestion);
  }

  findByPair(tenantId: TenantId, pairKey: string): Promise<Stored<Suggestion> | null> {
    return this.findOne({ tenantId, pairKey });
  }

  /** The suggestions of these pairs, by pair key; absent means the pair has none yet. */
  async findByPairs(tenantId: TenantId, pairKeys: string[]): Promise<Map<string, Stored<Suggestion>>> {
    if (pairKeys.length === 0) return new Map();
    const found = await this.find({ tenantId, pairKey: { $in: pairKeys } });
    return new Map(found.map((suggestion) => [suggestion.pairKey, suggestion]));
  }

  /**
   * Applies the change only while the suggestion is in one of `from` (compare-and-set): of two agents deciding at
   * once, exactly one gets the document back.
   */
  changeIf(
    tenantId: TenantId,
    id: Types.ObjectId,
    from: readonly SuggestionStatus[],
    change: SuggestionChange,
  ): Promise<Stored<Suggestion> | null> {
    const { addSeenRules, history, supersededBy, ...set } = change;
    const update = {
      $set: {
        ...Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined)),
        ...(supersededBy ? { supersededBy } : {}),
      },
      ...(supersededBy === null ? { $unset: { supersededBy: 1 } } : {}),
      ...(addSeenRules?.length ? { $addToSet: { seenRules: { $each: addSeenRules } } } : {}),
      ...(history ? { $push: { history } } : {}),
    };
    return this.model
      .findOneAndUpdate(this.scoped({ tenantId, _id: id, status: { $in: [...from] } }), update, {
        returnDocument: 'after',
      })
      .lean<Stored<Suggestion>>()
      .exec();
  }

  /** The suggestions of these customers still waiting for an agent, and those `supersededBy` this merge. */
  findPendingOf(
    tenantId: TenantId,
    customerIds: Types.ObjectId[],
    supersededBy?: Types.ObjectId,
  ): Promise<Stored<Suggestion>[]> {
    const pending = { status: { $in: ['open', 'blocked'] as SuggestionStatus[] } };
    return this.find({
      tenantId,
      customerIds: { $in: customerIds },
      ...(supersededBy ? { $or: [pending, { status: 'superseded' as const, supersededBy }] } : pending),
    });
  }

  /** Open or blocked suggestions with evidence on one of `values`, at most `limit`. */
  findStandingWithValues(tenantId: TenantId, values: string[], limit: number): Promise<Stored<Suggestion>[]> {
    if (values.length === 0) return Promise.resolve([]);
    return this.find(
      { tenantId, 'evidence.values': { $in: values }, status: { $in: ['open', 'blocked'] as SuggestionStatus[] } },
      { limit },
    );
  }

  /** The suggestions of these customers that this merge superseded and nobody decided since. */
  findSupersededBy(
    tenantId: TenantId,
    mergeId: Types.ObjectId,
    customerIds: Types.ObjectId[],
  ): Promise<Stored<Suggestion>[]> {
    return this.find({ tenantId, customerIds: { $in: customerIds }, status: 'superseded', supersededBy: mergeId });
  }

  /** The best matches first (score, then newest): how an agent works through thousands of suggestions. */
  async pageRanked(
    tenantId: TenantId,
    filter: SuggestionFilter,
    page: PageRequest<ScoreKey>,
  ): Promise<Page<Stored<Suggestion>>> {
    const rows = await this.find(
      {
        tenantId,
        ...filterConditions(filter),
        ...(page.after ? { $and: [afterScoreKey(page.after)] } : {}),
      },
      { sort: { score: -1, _id: -1 }, limit: page.limit + 1 },
    );
    return toPage(rows, page.limit, (suggestion) => ({ score: suggestion.score, id: suggestion._id }));
  }

  /**
   * How many suggestions a filter without rules holds: counted on the index the ranked list reads (tenant, status,
   * score), without reading the suggestions. Rules are in no index, so a count by rule would read every one.
   */
  countRanked(tenantId: TenantId, filter: Omit<SuggestionFilter, 'rules'>): Promise<number> {
    return this.count({ tenantId, ...filterConditions(filter) });
  }

  /** Changed at or after `since` (a reconnecting console catches up), oldest change first. */
  async pageChanged(
    tenantId: TenantId,
    filter: SuggestionFilter & { since?: Date },
    page: PageRequest,
  ): Promise<Page<Stored<Suggestion>>> {
    const conditions: Record<string, unknown>[] = [];
    if (filter.since) conditions.push({ updatedAt: { $gte: filter.since } });
    if (page.after) conditions.push(afterKey(page.after, 1, 'updatedAt'));
    const rows = await this.find(
      {
        tenantId,
        ...filterConditions(filter),
        ...(conditions.length ? { $and: conditions } : {}),
      },
      { sort: { updatedAt: 1, _id: 1 }, limit: page.limit + 1 },
    );
    return toPage(rows, page.limit, (suggestion) => ({ at: suggestion.updatedAt, id: suggestion._id }));
  }
}
