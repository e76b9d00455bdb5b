import type { MatchingSettings } from '../identity-settings.js';
import { roundScore, type Evidence } from './evidence.js';

/** Each further kind of evidence is an independent reason, so it raises confidence, but less than the best one. */
const BONUS_PER_FURTHER_RULE = 0.05;

/** How likely the pair is one person, in [0, 1]: the strongest evidence plus a bonus per further distinct rule. */
export function suggestionScore(evidence: Evidence[]): number {
  if (evidence.length === 0) return 0;
  const strongest = Math.max(...evidence.map((item) => item.score));
  const rules = new Set(evidence.map((item) => item.rule)).size;
  const score = Math.min(1, strongest + BONUS_PER_FURTHER_RULE * (rules - 1));
  return roundScore(score);
}

/** Below the tenant's threshold a pair is not worth an agent's look: no suggestion, and an open one is withdrawn. */
export function meetsSuggestionThreshold(
  score: number,
  settings: Pick<MatchingSettings, 'suggestionThreshold'>,
): boolean {
  return score > 0 && score >= settings.suggestionThreshold;
}
