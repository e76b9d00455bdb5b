import type { EmailSimilarity } from './email-similarity.js';
import type { NameAgreement } from './name-agreement.js';

export const EVIDENCE_RULES = [
  'identity_matches_contact',
  'same_unique_identifier',
  'same_contact_phone',
  'same_contact_email',
  'same_contact_card',
  'similar_email',
  'unverified_same_address',
] as const;

export type EvidenceRule = (typeof EVIDENCE_RULES)[number];

export interface Evidence {
  rule: EvidenceRule;
  /** The value on the subject, then the value on the other customer (equal for every rule but similar_email). */
  values: [string, string];
  /** How strongly this alone says "one person", in [0, 1]. */
  score: number;
}

/**
 * A unique identifier is issued to one person; an address someone writes from, listed on another profile, was put
 * there by someone who knew that person; contact data typed on two profiles may be a household's phone or card.
 * A Gmail mailbox spelled two ways is one inbox; a typo is a guess, weaker the more letters it needs. An address a
 * sender wrote from without proving it owns it is what an impostor would write too: likely, but for an agent to judge.
 */
export const EVIDENCE_SCORE = {
  same_unique_identifier: 0.95,
  identity_matches_contact: 0.9,
  same_contact_email: 0.85,
  same_mailbox: 0.85,
  same_contact_phone: 0.8,
  same_contact_card: 0.8,
  typo_distance_1: 0.6,
  typo_distance_2: 0.4,
  /**
   * `…20@` for `…80@`: people tell themselves apart by such numbers, namesakes above all, so even with the same name
   * (+0.2) it stays below the default threshold (docs/matching.md).
   */
  number_change_distance_1: 0.15,
  number_change_distance_2: 0.1,
  unverified_same_address: 0.7,
} as const;

/**
 * What the names on both customers do to a typo (fuzzy evidence only: a phone or a mailbox both hold is not less
 * shared because the names differ — a nickname, a maiden name, a parent writing for a child). Two different names
 * on addresses one slip apart is what two different people look like.
 */
export const NAME_ADJUSTMENT: Readonly<Record<NameAgreement, number>> = {
  agree: 0.2,
  partial: 0.1,
  unknown: 0,
  disagree: -0.3,
};

/** How an email slip reads: what changed, and whether the names agree. */
export interface TypoContext {
  numberChanged: boolean;
  names: NameAgreement;
}

export function similarEmailScore(similarity: EmailSimilarity, context: TypoContext): number {
  if (similarity.kind === 'same_mailbox') return EVIDENCE_SCORE.same_mailbox;
  const base = context.numberChanged
    ? similarity.distance === 1
      ? EVIDENCE_SCORE.number_change_distance_1
      : EVIDENCE_SCORE.number_change_distance_2
    : similarity.distance === 1
      ? EVIDENCE_SCORE.typo_distance_1
      : EVIDENCE_SCORE.typo_distance_2;
  return roundScore(Math.min(1, Math.max(0, base + NAME_ADJUSTMENT[context.names])));
}

/** Per holder beyond the two a match needs, down to the floor: a value several customers hold tells less. */
const WEIGHT_LOST_PER_FURTHER_HOLDER = 0.1;
const LOWEST_FREQUENCY_WEIGHT = 0.5;

/**
 * The weight of an equal value held by `holders` customers of the tenant (the two of the pair included): whole for
 * two, less for each further one — a household phone on three profiles may be anyone of the three — until the
 * shared-contact threshold, above which the value is not used at all.
 */
export function frequencyWeight(holders: number): number {
  const further = Math.max(0, holders - 2);
  return Math.max(LOWEST_FREQUENCY_WEIGHT, 1 - WEIGHT_LOST_PER_FURTHER_HOLDER * further);
}

/** Scores are shown and compared: keep them free of floating-point noise such as 0.8500000000000001. */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}
