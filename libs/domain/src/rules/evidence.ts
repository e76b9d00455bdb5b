import type { EmailSimilarity } from './email-similarity.js';

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
  unverified_same_address: 0.7,
} as const;

export function similarEmailScore(similarity: EmailSimilarity): number {
  if (similarity.kind === 'same_mailbox') return EVIDENCE_SCORE.same_mailbox;
  return similarity.distance === 1 ? EVIDENCE_SCORE.typo_distance_1 : EVIDENCE_SCORE.typo_distance_2;
}
