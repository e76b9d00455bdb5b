import type { ContactType, SuggestionSummary } from '@app/realtime';

export type { ContactType, SuggestionEvidence, SuggestionSummary } from '@app/realtime';

export type SuggestionStatus = SuggestionSummary['status'];

export type CustomerKind = 'member' | 'contact';
export type ChannelKind = 'whatsapp' | 'sms' | 'email' | 'api' | 'webchat';

export interface CustomerIdentity {
  id: string;
  kind: ChannelKind;
  channelId: string;
  address?: string;
  displayAddress?: string;
  anonymous: boolean;
  profileName?: string;
  conversationCount: number;
}

export interface ContactDatum {
  type: ContactType;
  value: string;
  display?: string;
  grantsAccess: boolean;
}

export interface UniqueIdentifier {
  type: string;
  value: string;
}

/** `GET /api/v1/customers/:id`, without the conversations the console does not show here. */
export interface CustomerProfile {
  id: string;
  name: string | null;
  kind: CustomerKind;
  identities: CustomerIdentity[];
  contactData: ContactDatum[];
  uniqueIdentifiers: UniqueIdentifier[];
  createdAt: string;
  updatedAt: string;
  lastActiveAt: string | null;
}

/** A customer of a suggestion as the suggestion list names it. */
export interface SuggestionCustomer extends Pick<CustomerProfile, 'id' | 'name' | 'kind' | 'lastActiveAt'> {
  /** Set when the customer was merged away: its survivor. */
  mergedInto?: string;
}

/** A suggestion as the list answers it (with both customers) or as an event carries it (without). */
export type KnownSuggestion = SuggestionSummary & { customers?: SuggestionCustomer[] };

export interface SuggestionPage {
  items: (SuggestionSummary & { customers: SuggestionCustomer[] })[];
  nextCursor: string | null;
}

export type AccessContact = Pick<ContactDatum, 'type' | 'value'>;

/**
 * Why a guard refuses a merge (DOMAIN §4): `different_unique_identifiers` names the identifier type and both values
 * (the kept profile's first), `different_access_contacts` the access-granting contacts only one side has.
 */
export interface MergeBlock {
  code: string;
  identifierType?: string;
  values?: string[];
  survivorOnly?: AccessContact[];
  victimOnly?: AccessContact[];
  remedies: string[];
}

export interface MergePreview {
  survivor: Pick<CustomerProfile, 'id' | 'name' | 'kind' | 'createdAt' | 'lastActiveAt'>;
  victims: MergePreview['survivor'][];
  /** Counts of what moves to the survivor, per kind. */
  moves: Record<string, number>;
  result: Pick<CustomerProfile, 'name' | 'kind' | 'uniqueIdentifiers' | 'lastActiveAt'> & {
    contactData: Omit<ContactDatum, 'display'>[];
  };
  conflicts: { field: string; values: { customerId: string; value: string }[] }[];
  blocks: { victimId: string; blocks: unknown[] }[];
  warnings: { code: string; customerIds: string[]; lastActiveAt: string[] }[];
  mergeable: boolean;
}

export interface AcceptedSuggestion {
  suggestion: SuggestionSummary;
  merge: { id: string; status: string; survivorId: string; victimIds: string[] };
}
