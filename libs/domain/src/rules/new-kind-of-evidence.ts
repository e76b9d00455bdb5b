import type { Evidence, EvidenceRule } from './evidence.js';

/**
 * A pair an agent rejected, or a detach separated, was judged with the evidence of its time; more of the same kind
 * (another typo, the same phone on a third profile) changes nothing, only a kind not seen before is worth asking
 * again (DOMAIN §2).
 */
export function hasNewKindOfEvidence(
  previousRules: readonly string[],
  evidence: Evidence[],
): { reopen: boolean; newRules: EvidenceRule[] } {
  const seen = new Set(previousRules);
  const newRules = [...new Set(evidence.map((item) => item.rule))].filter((rule) => !seen.has(rule));
  return { reopen: newRules.length > 0, newRules };
}
