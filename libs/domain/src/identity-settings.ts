import { CONTACT_TYPES, type ContactType, type IdentifierType } from './vocabulary.js';

/** Which unique identifier a tenant enforces one customer per value of (DOMAIN §6). */
export const ENFORCE_UNIQUE_BY = ['off', 'email', 'phone', 'referenceCode'] as const;
export type EnforceUniqueBy = (typeof ENFORCE_UNIQUE_BY)[number];

/** What an identify merge does with the customer it took identifiers from (DOMAIN §7): keep it, or merge it away. */
export const IDENTIFY_MERGE_VICTIMS = ['keep', 'tombstone'] as const;
export type IdentifyMergeVictim = (typeof IDENTIFY_MERGE_VICTIMS)[number];

/**
 * Which customer a merge keeps when nobody names one (DOMAIN §3, §7): a member over a contact and then the older, or
 * the older whatever its kind.
 */
export const SURVIVOR_PREFERENCES = ['member_then_older', 'older'] as const;
export type SurvivorPreference = (typeof SURVIVOR_PREFERENCES)[number];

export interface UniqueIdentifierTypeSetting {
  type: string;
  /** Guard reason 1: customers holding different values of this type are never merged. */
  doNotMergeDifferent: boolean;
}

/** How a tenant matches and merges customers (DOMAIN §2, §4, §6, §7). */
export interface IdentitySettings {
  uniqueIdentifierTypes: UniqueIdentifierTypeSetting[];
  accessGrantingContactTypes: ContactType[];
  primaryIdentifier: IdentifierType;
  skipSecondary: boolean;
  /** `tombstone`: after an identify moved identifiers, the customer they came from is merged into the one kept. */
  identifyMergeVictim: IdentifyMergeVictim;
  survivorPreference: SurvivorPreference;
  enforceUniqueBy: EnforceUniqueBy;
  /** A value on more customers than this is a shared contact (a switchboard): it neither merges nor suggests. */
  sharedContactThreshold: number;
  /** Normalized values that are never used for matching. */
  blocklist: string[];
  /**
   * The least score (0–1) a pair needs to become a suggestion; an open suggestion whose score falls below it is
   * withdrawn (docs/matching.md gives the weights).
   */
  suggestionThreshold: number;
  /**
   * An email nobody authenticated (no DKIM aligned with its From, no DMARC pass) joins the customer holding its From
   * address all the same, as before senders were verified; off, it lands on an unverified identity of its own.
   */
  trustUnauthenticatedEmail: boolean;
}

/** What matching and the merge guards read of the settings. */
export type MatchingSettings = Pick<
  IdentitySettings,
  | 'uniqueIdentifierTypes'
  | 'accessGrantingContactTypes'
  | 'sharedContactThreshold'
  | 'blocklist'
  | 'suggestionThreshold'
>;

/** Tenants that never saved settings match with these (DOMAIN §4 defaults). */
export const DEFAULT_IDENTITY_SETTINGS: Readonly<IdentitySettings> = Object.freeze({
  uniqueIdentifierTypes: [],
  accessGrantingContactTypes: [...CONTACT_TYPES],
  primaryIdentifier: 'phone',
  skipSecondary: false,
  identifyMergeVictim: 'keep',
  survivorPreference: 'member_then_older',
  enforceUniqueBy: 'off',
  sharedContactThreshold: 5,
  blocklist: [],
  suggestionThreshold: 0.4,
  trustUnauthenticatedEmail: false,
});
