import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import { nameTokens } from '@app/domain';
import { ProblemException } from '@app/http';
import { UniquenessEnforcerService } from '@app/identity';
import {
  AuditRepository,
  ConversationRepository,
  CustomerRepository,
  IdentityRepository,
  mapPage,
  MergeLockRepository,
  type Customer,
  type CustomerMatch,
  type Identity,
  type Stored,
  type TenantId,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import type { ConversationList } from '../conversations/conversations.dto.js';
import { toConversationSummary } from '../conversations/conversation-view.js';
import { pageRequest, type PageQueryDto } from '../paging/page-query.dto.js';
import { searchValues } from './contact-values.js';
import { auditedChanges, differences, toCustomerChanges } from './customer-changes.js';
import { resolveActiveCustomer } from './active-customer.js';
import { toCustomerProfile, toCustomerSummary } from './customer-view.js';
import { toUniquenessOutcomeView, uniquenessActorOf } from '../uniqueness/uniqueness-outcome.dto.js';
import type { CustomerList, CustomerProfile, CustomerSearchQueryDto, UpdateCustomerDto } from './customers.dto.js';

const PROFILE_CONVERSATIONS = 20;
/** Identities a search term may hit: one address has one identity per channel kind, a phone suffix a few more. */
const MAX_IDENTITY_HITS = 1_000;

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly conversations: ConversationRepository,
    private readonly mergeLocks: MergeLockRepository,
    private readonly suggestions: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
    private readonly uniqueness: UniquenessEnforcerService,
  ) {}

  async search(actor: UserPrincipal, query: CustomerSearchQueryDto): Promise<CustomerList> {
    const page = pageRequest(query, false);
    const match = query.q ? await this.matchOf(actor.tenantId, query.q) : undefined;
    const customers = await this.customers.pageActive(actor.tenantId, match?.any, page, match?.exact);
    const identities = await this.identities.findByCustomers(
      actor.tenantId,
      customers.items.map((customer) => customer._id),
    );
    const byCustomer = new Map<string, Stored<Identity>[]>();
    for (const identity of identities) {
      const key = identity.customerId.toHexString();
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), identity]);
    }
    return mapPage(customers, (customer) =>
      toCustomerSummary(customer, byCustomer.get(customer._id.toHexString()) ?? []),
    );
  }

  async profile(actor: UserPrincipal, id: string): Promise<CustomerProfile> {
    return this.profileOf(actor.tenantId, await this.resolveActive(actor.tenantId, id));
  }

  async conversationsOf(actor: UserPrincipal, id: string, query: PageQueryDto): Promise<ConversationList> {
    const page = pageRequest(query, true);
    const customer = await this.resolveActive(actor.tenantId, id, '/conversations');
    const conversations = await this.conversations.pageOfCustomer(actor.tenantId, customer._id, page);
    return mapPage(conversations, toConversationSummary);
  }

  /**
   * Applies an edit; consoles hear of it when anything they show changed, and duplicate detection runs again when
   * contact data or unique identifiers changed (named by the revision, so a retried trigger adds no second job).
   * Such a change also enforces the tenant's uniqueness setting: the answer is the profile as the edit left it, with
   * what the setting did (merged it with the customers sharing its value, or why a guard refused).
   */
  async update(actor: UserPrincipal, id: string, dto: UpdateCustomerDto): Promise<CustomerProfile> {
    const normalized = toCustomerChanges(dto);
    if ('errors' in normalized) {
      throw new ProblemException(400, 'validation_failed', 'The request is not valid', { errors: normalized.errors });
    }
    const { tenantId } = actor;
    const before = await this.resolveActive(tenantId, id);
    // A victim's fields were journaled when its merge was planned: an edit now would vanish with it.
    if ((await this.mergeLocks.findHeld(tenantId, [before._id])).length > 0) {
      throw new ProblemException(409, 'merge_in_progress', 'The customer is being merged; edit it once that is done', {
        customerId: before._id.toHexString(),
      });
    }
    await this.customers.applyChanges(tenantId, before._id, normalized.changes);
    const after = await this.resolveActive(tenantId, id);
    const changed = differences(before, after);
    const customerId = after._id.toHexString();
    await this.recordEdit(actor, before, after);
    if (changed.profile) this.realtime.emit(tenantId, 'customer.updated', { customerId });
    if (!changed.matchingData) return this.profileOf(tenantId, after);
    await this.suggestions.checkCustomer(
      { tenantId, customerId, reason: 'contact.changed' },
      `contact-${customerId}-${after.updatedAt.getTime()}`,
    );
    const profile = await this.profileOf(tenantId, after);
    const uniqueness = await this.uniqueness.enforce(tenantId, customerId, uniquenessActorOf(actor));
    return uniqueness ? { ...profile, uniqueness: toUniquenessOutcomeView(uniqueness) } : profile;
  }

  /** The edit in the audit trail, with the fields it changed as they were and became (nothing when none did). */
  private async recordEdit(actor: UserPrincipal, before: Stored<Customer>, after: Stored<Customer>): Promise<void> {
    const changes = auditedChanges(before, after);
    if (!changes) return;
    await this.audit.record({
      tenantId: actor.tenantId,
      type: 'customer.updated',
      // A request is not journaled: it is recorded once, after its write, under a key of its own.
      key: new Types.ObjectId().toHexString(),
      actor: { kind: 'user', id: actor.userId, role: actor.role },
      trigger: { kind: 'request' },
      customerIds: [after._id],
      ...changes,
    });
  }

  private resolveActive(tenantId: TenantId, id: string, subPath = ''): Promise<Stored<Customer>> {
    return resolveActiveCustomer(this.customers, tenantId, id, subPath);
  }

  private async profileOf(tenantId: TenantId, customer: Stored<Customer>): Promise<CustomerProfile> {
    const [identities, conversations] = await Promise.all([
      this.identities.findByCustomers(tenantId, [customer._id]),
      this.conversations.pageOfCustomer(tenantId, customer._id, { limit: PROFILE_CONVERSATIONS }),
    ]);
    const counts = await this.conversations.countByIdentity(
      tenantId,
      identities.map((identity) => identity._id),
    );
    return toCustomerProfile(customer, identities, counts, conversations);
  }

  /**
   * Whom a search term can mean: by name (each word beginning a word of the name), contact value, unique identifier,
   * or an identity's address. Exact matches — the full name, an email, a phone, an identifier — come first.
   */
  private async matchOf(tenantId: TenantId, term: string): Promise<{ any: CustomerMatch; exact: CustomerMatch }> {
    const { exact, national } = searchValues(term);
    const words = nameTokens(term);
    const [exactIds, nationalIds] = await Promise.all([
      this.identities.customerIdsWithAddress(tenantId, exact, MAX_IDENTITY_HITS),
      this.identities.customerIdsWithAddress(tenantId, national, MAX_IDENTITY_HITS),
    ]);
    const exactMatch = { nameTokens: words, contactValues: exact, identifierValues: [term], ids: exactIds };
    return {
      exact: exactMatch,
      any: {
        ...exactMatch,
        nameWords: words,
        contactValues: [...exact, ...national],
        ids: [...exactIds, ...nationalIds],
      },
    };
  }
}
