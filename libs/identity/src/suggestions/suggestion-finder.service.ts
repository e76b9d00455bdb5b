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
import { candidateKeys, holderCounts } from './suggestion-candidates.js';
import { suggestionView } from './suggestion-view.js';

/** Enough to see that a value is shared (threshold) without loading a switchboard's thousand callers. */
const CANDIDATE_LIMIT = 200;

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
    if (!subject || subject.mergedInto) return { candidates: 0, created: 0, updated: 0 };

    const found = await this.candidates(tenantId, subject);
    const candidates = await this.facts.load(tenantId, found.ids, found.customers);
    const active = [...candidates.values()].filter((candidate) => !candidate.mergedInto);
    const holders = holderCounts([subject, ...active]);
    const isShared = (value: string) => isSharedValue(value, holders.get(value) ?? 0, settings);

    const matches = active.flatMap((other) => {
      const evidence = matchEvidence(subject, other, isShared);
      return evidence.length ? [{ other, evidence, key: pairKey(subject.id, other.id) }] : [];
    });
    // Otherwise one read for the suggestions of every matching pair, not one per pair.
    const stored = pairsLikelyNew
      ? new Map<string, Stored<Suggestion>>()
      : await this.suggestions.findByPairs(
          tenantId,
          matches.map(({ key }) => key),
        );
    const outcome: CheckOutcome = { candidates: active.length, created: 0, updated: 0 };
    for (const { other, evidence, key } of matches) {
      const result = await this.record(tenantId, key, subject, other, evidence, settings, stored.get(key));
      if (result === 'created') outcome.created += 1;
      if (result === 'updated') outcome.updated += 1;
    }
    return outcome;
  }

  /** The customers that may match, by id; those found through their own fields come with their documents. */
  private async candidates(
    tenantId: string,
    subject: CustomerFacts,
  ): Promise<{ ids: Types.ObjectId[]; customers: Stored<Customer>[] }> {
    const keys = candidateKeys(subject);
    const self = new Types.ObjectId(subject.id);
    const [byCustomer, byIdentity] = await Promise.all([
      this.customers.findMatchCandidates(tenantId, self, keys, CANDIDATE_LIMIT),
      this.identities.findMatchCandidates(tenantId, self, keys, CANDIDATE_LIMIT),
    ]);
    const ids = new Map<string, Types.ObjectId>();
    for (const customer of byCustomer) ids.set(customer._id.toHexString(), customer._id);
    for (const identity of byIdentity) ids.set(identity.customerId.toHexString(), identity.customerId);
    return { ids: [...ids.values()], customers: byCustomer };
  }

  private async record(
    tenantId: string,
    key: string,
    subject: CustomerFacts,
    other: CustomerFacts,
    evidence: Evidence[],
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
    const evidenceDocuments = evidence.map(({ rule, values, score }) => ({ rule, values: [...values], score }));
    const score = suggestionScore(evidence);
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
      // are never candidates): its evidence left with a detached identity, and it comes back as a rejected one would.
      const { reopen, newRules } = hasNewKindOfEvidence(existing.seenRules, evidence as Evidence[]);
      if (!reopen) return 'unchanged';
      changed = await this.suggestions.changeIf(tenantId, existing._id, [existing.status], {
        status,
        evidence,
        score,
        blocks,
        addSeenRules: rules,
        history: { at, status, by: 'worker', reason: `new kind of evidence: ${newRules.join(', ')}` },
      });
      if (changed) this.logger.log({ suggestionId: existing._id, newRules }, 'rejected suggestion came back');
    }
    if (!changed) return 'unchanged';
    this.realtime.emit(tenantId, 'suggestion.updated', { suggestion: suggestionView(changed) });
    return 'updated';
  }
}
