import type { Evidence } from './evidence.js';

/** Each further kind of evidence is an independent reason, so it raises confidence, but less than the best one. */
const BONUS_PER_FURTHER_RULE = 0.05;

/** How likely the pair is one person, in [0, 1]: the strongest evidence plus a bonus per further distinct rule. */
export function suggestionScore(evidence: Evidence[]): number {
  if (evidence.length === 0) return 0;
  const strongest = Math.max(...evidence.map((item) => item.score));
  const rules = new Set(evidence.map((item) => item.rule)).size;
  const score = Math.min(1, strongest + BONUS_PER_FURTHER_RULE * (rules - 1));
  // Scores are shown and compared: keep them free of floating-point noise such as 0.8500000000000001.
  return Math.round(score * 100) / 100;
}
