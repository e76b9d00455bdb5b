import type { Conversation, Customer, Identity, Page, Stored } from '@app/persistence';
import { toConversationSummary } from '../conversations/conversation-view.js';
import type { CustomerProfile, CustomerSummary, IdentitySummary, IdentityView } from './customers.dto.js';

export function toIdentitySummary(identity: Stored<Identity>): IdentitySummary {
  return {
    id: identity._id.toHexString(),
    kind: identity.kind,
    channelId: identity.channelId.toHexString(),
    address: identity.address,
    displayAddress: identity.displayAddress,
    anonymous: identity.anonymous,
    ...(identity.unusableAddress ? { unusableAddress: true } : {}),
    ...(identity.unverified ? { unverified: true } : {}),
    profileName: identity.profileName,
  };
}

export function toCustomerSummary(customer: Stored<Customer>, identities: Stored<Identity>[]): CustomerSummary {
  return {
    id: customer._id.toHexString(),
    name: customer.name ?? null,
    kind: customer.kind,
    identities: identities.map(toIdentitySummary),
    createdAt: customer.createdAt.toISOString(),
    lastActiveAt: customer.lastActiveAt?.toISOString() ?? null,
  };
}

export function toCustomerProfile(
  customer: Stored<Customer>,
  identities: Stored<Identity>[],
  conversationCounts: Map<string, number>,
  conversations: Page<Stored<Conversation>>,
): CustomerProfile {
  const identityViews: IdentityView[] = identities.map((identity) => ({
    ...toIdentitySummary(identity),
    conversationCount: conversationCounts.get(identity._id.toHexString()) ?? 0,
  }));
  return {
    id: customer._id.toHexString(),
    name: customer.name ?? null,
    kind: customer.kind,
    identities: identityViews,
    contactData: customer.contactData.map(({ type, value, display, grantsAccess }) => ({
      type,
      value,
      display,
      grantsAccess: grantsAccess ?? false,
    })),
    uniqueIdentifiers: customer.uniqueIdentifiers.map(({ type, value }) => ({ type, value })),
    conversations: conversations.items.map(toConversationSummary),
    conversationsNextCursor: conversations.nextCursor,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
    lastActiveAt: customer.lastActiveAt?.toISOString() ?? null,
  };
}
