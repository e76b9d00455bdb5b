import type { Stored, Suggestion } from '@app/persistence';
import type { SuggestionSummary } from '@app/realtime';

/** A suggestion as consoles, the REST API and socket events show it. */
export function suggestionView(suggestion: Stored<Suggestion>): SuggestionSummary {
  const [a, b] = suggestion.customerIds.map((id) => id.toHexString());
  return {
    id: suggestion._id.toHexString(),
    status: suggestion.status,
    customerIds: [a, b],
    openedFrom: suggestion.openedFrom?.toHexString(),
    evidence: suggestion.evidence.map(({ rule, values, score }) => ({ rule, values: [...values], score })),
    score: suggestion.score,
    blocks: suggestion.blocks,
    mergeId: suggestion.mergeId?.toHexString(),
    createdAt: suggestion.createdAt.toISOString(),
    updatedAt: suggestion.updatedAt.toISOString(),
  };
}
