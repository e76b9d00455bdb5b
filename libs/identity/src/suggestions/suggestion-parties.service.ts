import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import { defaultSurvivor } from '@app/domain';
import {
  ConversationRepository,
  CustomerRepository,
  type Customer,
  type Stored,
  type Suggestion,
} from '@app/persistence';
import { CustomerFactsService } from '../customer-facts.service.js';

/** One customer of a suggestion, as far as the inbox and the default survivor need it. */
export interface SuggestionParty {
  id: Types.ObjectId;
  /** Absent only if the customer record is missing. */
  customer?: Stored<Customer>;
  conversationCount: number;
}

export interface SuggestionParties {
  /** In the order of the suggestion's `customerIds`. */
  parties: SuggestionParty[];
  /** The customer kept when the agent names none, by the tenant's survivor preference (DOMAIN §3, §7). */
  defaultSurvivorId: string;
}

/** Both customers of each suggestion and which one is kept by default: two queries for any number of suggestions. */
@Injectable()
export class SuggestionPartiesService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly conversations: ConversationRepository,
    private readonly facts: CustomerFactsService,
  ) {}

  async of(tenantId: string, suggestions: readonly Stored<Suggestion>[]): Promise<SuggestionParties[]> {
    const ids = suggestions.flatMap((suggestion) => suggestion.customerIds);
    const [customers, counts, { survivorPreference }] = await Promise.all([
      this.customers.findByIds(tenantId, ids),
      this.conversations.countByCustomer(tenantId, ids),
      this.facts.settings(tenantId),
    ]);
    const byId = new Map(customers.map((customer) => [customer._id.toHexString(), customer]));
    return suggestions.map((suggestion) => {
      const parties = suggestion.customerIds.map((id) => ({
        id,
        customer: byId.get(id.toHexString()),
        conversationCount: counts.get(id.toHexString()) ?? 0,
      }));
      const [a, b] = parties.map((party) => ({
        id: party.id.toHexString(),
        // An id tells when it was made: the customer's creation time if its record is missing.
        createdAt: party.customer?.createdAt ?? party.id.getTimestamp(),
        conversationCount: party.conversationCount,
        kind: party.customer?.kind,
      }));
      return { parties, defaultSurvivorId: defaultSurvivor(a, b, survivorPreference).survivor.id };
    });
  }
}
