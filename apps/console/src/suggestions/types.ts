import type { ChannelKind, ContactType, CustomerKind, MergeBlock } from '@app/domain';
import type { SuggestionSummary } from '@app/realtime';

export type {
  AccessContact,
  ChannelKind,
  ContactType,
  CustomerKind,
  EvidenceRule,
  MergeBlock,
  SuggestionStatus,
} from '@app/domain';
export type { SuggestionEvidence, SuggestionSummary } from '@app/realtime';

export interface CustomerIdentity {
  id: string;
  kind: ChannelKind;
  channelId: string;
  address?: string;
  displayAddress?: string;
  anonymous: boolean;
  /** `displayAddress` is a sender address as written that could not be normalized; it matches nothing. */
  unusableAddress?: boolean;
  /** The sender did not prove it owns `address`: it joined no one, a suggestion may link it to the holder. */
  unverified?: boolean;
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
  createdAt: string | null;
  conversationCount: number;
  /** Set when the customer was merged away: its survivor. */
  mergedInto?: string;
}

/** What the list adds to a suggestion: both customers and the one an accept keeps by default (the older). */
export interface SuggestionListDetails {
  customers: SuggestionCustomer[];
  defaultSurvivorId: string;
}

/** A suggestion as the list answers it (with its details) or as an event carries it (without). */
export type KnownSuggestion = SuggestionSummary & Partial<SuggestionListDetails>;

export interface SuggestionPage {
  items: (SuggestionSummary & SuggestionListDetails)[];
  nextCursor: string | null;
  /** On a first page without rule filters: how many the filters hold in all. */
  total?: number;
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
  blocks: { victimId: string; blocks: MergeBlock[] }[];
  warnings: { code: string; customerIds: string[]; lastActiveAt: string[] }[];
  mergeable: boolean;
}

export interface AcceptedSuggestion {
  suggestion: SuggestionSummary;
  merge: { id: string; status: string; survivorId: string; victimIds: string[] };
}
