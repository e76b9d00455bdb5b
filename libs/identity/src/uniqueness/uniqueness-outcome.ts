import type { MergeBlock } from '@app/domain';

/** Who asked for the change that made two customers share a value: a user, or an integration's connector key. */
export interface UniquenessActor {
  id: string;
  /** The user's role, or `connector` for a connector key. */
  role: string;
}

/**
 * What the uniqueness setting did after a create or update (DOMAIN §6): merged the newer customers into the original
 * (`finished` false while the worker still moves things), or a guard (or another journal holding them) refused it.
 */
export type UniquenessOutcome =
  | { action: 'merged'; mergeId: string; survivorId: string; victimIds: string[]; finished: boolean }
  | {
      action: 'refused';
      code: string;
      detail: string;
      blocks: { victimId: string; blocks: MergeBlock[] }[];
      /** `customers_separated`: the pairs (`a:b`) judged different people. */
      separatedPairs?: string[];
      survivorId: string;
      customerIds: string[];
    };
