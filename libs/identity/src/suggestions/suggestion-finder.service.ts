import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  type CustomerFacts,
  type MatchingSettings,
  type Evidence,
  matchEvidence,
  mergeBlocks,
  type MergeBlock,
  type SuggestionStatus,
  hasNewKindOfEvidence,
  lookupKeys,
  meetsSuggestionThreshold,
  pairKey,
  isSharedValue,
  suggestionScore,
} from '@app/domain';
import {
  CustomerRepository,
  IdentityRepository,
  SuggestionRepository,
  type Customer,
  type Stored,
  type Suggestion,
} from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import { CustomerFactsService } from '../customer-facts.service.js';
import { boundedCandidates, holderCounts, type KeyHit } from './suggestion-candidates.js';
import { suggestionView } from './suggestion-view.js';

/**
 * What one lookup of all a customer's keys of a kind reads from each collection. More means a key is crowded (a
 * switchboard, a common neighbourhood): each key is then looked up alone, bounded, so none can crowd out another.
 */
const LOOKUP_LIMIT = { exact: 200, fuzzy: 100 } as const;

/** Why a suggestion was withdrawn by a check: it comes back when its score clears the threshold again. */
export const BELOW_THRESHOLD_REASON = 'the score fell below the suggestion threshold';
/** Why a suggestion was withdrawn when a value it rested on became shared: it comes back the same way. */
export const SHARED_VALUE_REASON = 'a value it rested on is now shared by too many customers';
const WITHDRAWN_REASONS = new Set([BELOW_THRESHOLD_REASON, SHARED_VALUE_REASON]);

/** The standing suggestions one check re-scores because a value they rest on became shared. */
const SHARED_VALUE_SUGGESTIONS_LIMIT = 200;

export interface CheckOptions {
  /**
   * A check after a new identity: the pairs found have no suggestion yet, most likely, so each is inserted straight
   * away and read only when the insert meets one, instead of reading all pairs first.
   */
  pairsLikelyNew?: boolean;
  /** The tenant's settings, when the caller already read them (a backfill reads them once per run). */
  settings?: MatchingSettings;
  /** The customer as the caller already read it: only its identities are read then. */
  customer?: Stored<Customer>;
}

export interface CheckOutcome {
  candidates: number;
  created: number;
  updated: number;
  /** Open or blocked suggestions withdrawn because their score fell below the tenant's threshold. */
  withdrawn: number;
}

/**
 * Compares one customer with the tenant's other active customers (DOMAIN §2) and keeps one suggestion per pair:
 * created, refreshed with new evidence, blocked or re-opened as the guards decide, or brought back after a rejection
 * only by evidence of a new kind.
 */
@Injectable()
export class SuggestionFinderService {
  private readonly logger = new Logger(SuggestionFinderService.name);

  constructor(
    private readonly facts: CustomerFactsService,
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly suggestions: SuggestionRepository,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async check(tenantId: string, customerId: string, options: CheckOptions = {}): Promise<CheckOutcome> {
    const { pairsLikelyNew = false, customer } = options;
    const subjectId = new Types.ObjectId(customerId);
    const [settings, loaded] = await Promise.all([
      options.settings ?? this.facts.settings(tenantId),
      this.facts.load(tenantId, [subjectId], customer ? [customer] : []),
    ]);
    const subject = loaded.get(customerId);
    if (!subject || subject.mergedInto) return { candidates: 0, created: 0, updated: 0, withdrawn: 0 };

    const found = await this.candidates(tenantId, subject, settings);
    const candidates = await this.facts.load(tenantId, found.ids, found.customers);
    const active = [...candidates.values()].filter((candidate) => !candidate.mergedInto);
    const holders = holderCounts([subject, ...active]);
    const isShared = (value: string) => isSharedValue(value, holders.get(value) ?? 0, settings);

    const holdersOf = (value: string) => Math.max(2, holders.get(value) ?? 0);

    const matches = active.flatMap((other) => {
      const evidence = matchEvidence(subject, other, isShared, holdersOf);
      if (evidence.length === 0) return [];
      const score = suggestionScore(evidence);
      const key = pairKey(subject.id, other.id);
      return [{ other, evidence, score, key, suggested: meetsSuggestionThreshold(score, settings) }];
    });
    const weak = matches.filter(({ suggested }) => !suggested);
    // Otherwise one read for the suggestions of every matching pair, not one per pair. Pairs too weak to suggest
    // are read even then: an open suggestion of theirs is withdrawn.
    const stored = await this.suggestions.findByPairs(
      tenantId,
      (pairsLikelyNew ? weak : matches).map(({ key }) => key),
    );
    const outcome: CheckOutcome = { candidates: active.length, created: 0, updated: 0, withdrawn: 0 };
    for (const { other, evidence, score, key, suggested } of matches) {
      if (!suggested) {
        if (await this.withdraw(tenantId, stored.get(key), evidence, score)) outcome.withdrawn += 1;
        continue;
      }
      const result = await this.record(tenantId, key, subject, other, evidence, score, settings, stored.get(key));
      if (result === 'created') outcome.created += 1;
      if (result === 'updated') outcome.updated += 1;
    }
    const shared = [...holders]
      .filter(([value, count]) => isSharedValue(value, count, settings))
      .map(([value]) => value);
    const checked = new Set(matches.map(({ key }) => key));
    outcome.withdrawn += await this.withdrawResting(tenantId, shared, checked, settings, isShared, holdersOf);
    return outcome;
  }

  /**
   * A value becomes shared one holder at a time: the suggestions made while it was held by a few (a switchboard on
   * the first profiles) would otherwise stay open. Those resting on `shared` values are scored again without them,
   * and withdrawn when they fall below the threshold.
   */
  private async withdrawResting(
    tenantId: string,
    shared: string[],
    checked: Set<string>,
    settings: MatchingSettings,
    isShared: (value: string) => boolean,
    holdersOf: (value: string) => number,
  ): Promise<number> {
    if (shared.length === 0) return 0;
    const resting = (
      await this.suggestions.findStandingWithValues(tenantId, shared, SHARED_VALUE_SUGGESTIONS_LIMIT)
    ).filter(({ pairKey: key }) => !checked.has(key));
    if (resting.length === 0) return 0;
    const parties = await this.facts.load(tenantId, [
      ...new Map(resting.flatMap(({ customerIds }) => customerIds).map((id) => [id.toHexString(), id])).values(),
    ]);
    const sharedValues = new Set(shared);
    const usable = (value: string) => sharedValues.has(value) || isShared(value);
    let withdrawn = 0;
    for (const suggestion of resting) {
      const [first, second] = suggestion.customerIds.map((id) => parties.get(id.toHexString()));
      if (!first || !second || first.mergedInto || second.mergedInto) continue;
      const evidence = matchEvidence(first, second, usable, holdersOf);
      const score = suggestionScore(evidence);
      if (meetsSuggestionThreshold(score, settings)) continue;
      if (await this.withdraw(tenantId, suggestion, evidence, score, SHARED_VALUE_REASON)) withdrawn += 1;
    }
    return withdrawn;
  }

  /** An open or blocked suggestion whose score fell below the threshold (settings, names, values now shared). */
  private async withdraw(
    tenantId: string,
    existing: Stored<Suggestion> | undefined,
    evidence: Evidence[],
    score: number,
    reason = BELOW_THRESHOLD_REASON,
  ): Promise<boolean> {
    if (!existing || (existing.status !== 'open' && existing.status !== 'blocked')) return false;
    const changed = await this.suggestions.changeIf(tenantId, existing._id, [existing.status], {
      status: 'superseded',
      evidence: evidence.map(({ rule, values, score: itemScore }) => ({ rule, values: [...values], score: itemScore })),
      score,
      history: { at: new Date(), status: 'superseded', by: 'worker', reason },
    });
    if (!changed) return false;
    this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(changed) });
    return true;
  }

  /**
   * The customers that may match, by id, from the subject's derived match keys (docs/matching.md): those holding an
   * exact key first, looked up on their own, then those holding a fuzzy one, so fuzzy candidates never crowd out
   * exact ones. Those found through their own fields come with their documents.
   */
  private async candidates(
    tenantId: string,
    subject: CustomerFacts,
    settings: MatchingSettings,
  ): Promise<{ ids: Types.ObjectId[]; customers: Stored<Customer>[] }> {
    const keys = lookupKeys(subject);
    const self = new Types.ObjectId(subject.id);
    const exact = await this.lookup(tenantId, self, keys.exact, 'exact', settings.sharedContactThreshold + 1);
    const fuzzy = await this.lookup(tenantId, self, keys.fuzzy, 'fuzzy', settings.sharedContactThreshold);
    const documents = new Map(
      [...exact.customers, ...fuzzy.customers].map((found) => [found._id.toHexString(), found]),
    );
    const ids = [...new Set([...exact.ids, ...fuzzy.ids])];
    return {
      ids: ids.map((id) => new Types.ObjectId(id)),
      customers: ids.flatMap((id) => documents.get(id) ?? []),
    };
  }

  /**
   * The customers holding `keys`, at most `perKey` per key: one query per collection for all the keys, or, when
   * that one comes back full, one per key (each bounded), so a crowded key cannot hide another's holders.
   */
  private async lookup(
    tenantId: string,
    self: Types.ObjectId,
    keys: string[],
    kind: 'exact' | 'fuzzy',
    perKey: number,
  ): Promise<{ ids: string[]; customers: Stored<Customer>[] }> {
    if (keys.length === 0) return { ids: [], customers: [] };
    const find = (wanted: string[], limit: number) =>
      Promise.all([
        this.customers.findByMatchKeys(tenantId, self, wanted, limit),
        this.identities.findByMatchKeys(tenantId, self, wanted, limit),
      ]);
    let [customers, identities] = await find(keys, LOOKUP_LIMIT[kind]);
    if (customers.length >= LOOKUP_LIMIT[kind] || identities.length >= LOOKUP_LIMIT[kind]) {
      const each = await Promise.all(keys.map((key) => find([key], perKey + 1)));
      customers = [
        ...new Map(each.flatMap(([found]) => found).map((found) => [found._id.toHexString(), found])).values(),
      ];
      identities = each.flatMap(([, found]) => found);
    }
    const hits: KeyHit[] = [
      ...customers.map((found) => ({ customerId: found._id.toHexString(), matchKeys: found.matchKeys ?? [] })),
      ...identities.map((found) => ({ customerId: found.customerId.toHexString(), matchKeys: found.matchKeys ?? [] })),
    ];
    const ids = boundedCandidates(hits, keys, perKey, kind);
    const chosen = new Set(ids);
    return { ids, customers: customers.filter((found) => chosen.has(found._id.toHexString())) };
  }

  private async record(
    tenantId: string,
    key: string,
    subject: CustomerFacts,
    other: CustomerFacts,
    evidence: Evidence[],
    score: number,
    settings: MatchingSettings,
    existing: Stored<Suggestion> | undefined,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    // Blocks read "kept, removed" from the customer that opened the suggestion (consoles name each value's holder
    // so): a later check from the other side must not turn them round.
    const blocksFor = (openedFrom?: Types.ObjectId) =>
      openedFrom?.equals(other.id) ? mergeBlocks(other, subject, settings) : mergeBlocks(subject, other, settings);
    const blocks = blocksFor(existing?.openedFrom);
    const status: SuggestionStatus = blocks.length ? 'blocked' : 'open';
    const rules = [...new Set(evidence.map((item) => item.rule))];
    const evidenceDocuments = evidence.map((item) => ({
      rule: item.rule,
      values: [...item.values],
      score: item.score,
    }));
    const at = new Date();

    if (!existing) {
      const created = await this.suggestions.insertUnlessPaired({
        tenantId,
        pairKey: key,
        customerIds: key.split(':').map((id) => new Types.ObjectId(id)),
        openedFrom: new Types.ObjectId(subject.id),
        status,
        evidence: evidenceDocuments,
        score,
        seenRules: rules,
        blocks,
        history: [{ at, status, by: 'worker', reason: `found by ${rules.join(', ')}` }],
      });
      if (created) {
        this.realtime.emit(tenantId, 'suggestion.created', { suggestion: suggestionView(created) });
        return 'created';
      }
      // A concurrent check created the pair's suggestion first: refresh that one.
      const raced = await this.suggestions.findByPair(tenantId, key);
      if (!raced) return 'unchanged';
      const racedBlocks = blocksFor(raced.openedFrom);
      const racedStatus: SuggestionStatus = racedBlocks.length ? 'blocked' : 'open';
      return this.refresh(tenantId, raced, racedStatus, evidenceDocuments, score, racedBlocks, rules);
    }
    return this.refresh(tenantId, existing, status, evidenceDocuments, score, blocks, rules);
  }

  private async refresh(
    tenantId: string,
    existing: Stored<Suggestion>,
    status: SuggestionStatus,
    evidence: Suggestion['evidence'],
    score: number,
    blocks: MergeBlock[],
    rules: string[],
  ): Promise<'updated' | 'unchanged'> {
    const at = new Date();
    let changed: Stored<Suggestion> | null = null;
    if (existing.status === 'open' || existing.status === 'blocked') {
      const sameEvidence = JSON.stringify(existing.evidence) === JSON.stringify(evidence);
      if (existing.status === status && sameEvidence && JSON.stringify(existing.blocks) === JSON.stringify(blocks)) {
        return 'unchanged';
      }
      changed = await this.suggestions.changeIf(tenantId, existing._id, [existing.status], {
        status,
        evidence,
        score,
        blocks,
        addSeenRules: rules,
        ...(existing.status !== status
          ? {
              history: {
                at,
                status,
                by: 'worker',
                reason: status === 'open' ? 'the conflict was cleared' : 'a guard refuses this merge',
              },
            }
          : {}),
      });
    } else if (existing.status === 'rejected' || existing.status === 'superseded') {
      // A superseded pair met here has two active customers (a merge supersedes its victims' pairs, and tombstones
      // are never candidates): its evidence left with a detached identity, and it comes back as a rejected one would
      // — or it was withdrawn for a score below the threshold, which it clears again now (only such pairs get here).
      const withdrawn =
        existing.status === 'superseded' && WITHDRAWN_REASONS.has(existing.history.at(-1)?.reason ?? '');
      const { reopen, newRules } = hasNewKindOfEvidence(existing.seenRules, evidence as Evidence[]);
      if (!reopen && !withdrawn) return 'unchanged';
      changed = await this.suggestions.changeIf(tenantId, existing._id, [existing.status], {
        status,
        evidence,
        score,
        blocks,
        addSeenRules: rules,
        history: {
          at,
          status,
          by: 'worker',
          reason: reopen ? `new kind of evidence: ${newRules.join(', ')}` : 'the score cleared the threshold again',
        },
      });
      if (changed) this.logger.log({ suggestionId: existing._id, newRules }, 'rejected suggestion came back');
    }
    if (!changed) return 'unchanged';
    this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(changed) });
    return 'updated';
  }
}
