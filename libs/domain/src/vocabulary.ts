/**
 * The words of DOMAIN.md that every layer shares: each union with its run-time tuple, so schemas, request
 * validation and the console check against the same values.
 */

/** The kinds of inbox a tenant configures; each brings messages in its own way. */
export const CHANNEL_KINDS = ['whatsapp', 'sms', 'email', 'api', 'webchat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Contact data a customer holds (DOMAIN §1). */
export const CONTACT_TYPES = ['phone', 'email', 'card'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** What an identity's address is, when it has one; matched against contact data of the same type. */
export const IDENTIFIER_TYPES = ['phone', 'email'] as const satisfies readonly ContactType[];
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const CUSTOMER_KINDS = ['member', 'contact'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const SUGGESTION_STATUSES = ['open', 'accepted', 'rejected', 'blocked', 'superseded'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** What started a merge: a suggestion accepted, an agent's or integration's request, or the uniqueness setting. */
export const MERGE_TRIGGERS = ['suggestion', 'manual', 'uniqueness'] as const;
export type MergeTrigger = (typeof MERGE_TRIGGERS)[number];

export interface AccessContact {
  type: ContactType;
  value: string;
}

/** Why a guard refuses a merge (DOMAIN §4): the explanation suggestions, previews and refusals carry. */
export type MergeBlock =
  | {
      code: 'different_unique_identifiers';
      identifierType: string;
      /** The survivor's value, then the victim's. */
      values: [string, string];
      remedies: string[];
    }
  | {
      code: 'different_access_contacts';
      /** Access-granting contacts the victim lacks, and those the survivor lacks: at least one is non-empty. */
      survivorOnly: AccessContact[];
      victimOnly: AccessContact[];
      remedies: string[];
    };
