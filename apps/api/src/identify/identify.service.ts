import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { Principal } from '@app/auth';
import {
  decideIdentify,
  DEFAULT_IDENTITY_SETTINGS,
  type AuditActor,
  type IdentifierChanges,
  type IdentifyDecision,
  type IdentifyRequest,
  type IdentifySettings,
} from '@app/domain';
import { ProblemException } from '@app/http';
import { toCustomerFacts, UniquenessEnforcerService } from '@app/identity';
import {
  AuditRepository,
  CustomerRepository,
  IdentifyRequestRepository,
  MergeLockRepository,
  TenantRepository,
  type ContactDatum,
  type Customer,
  type CustomerChanges,
  type Stored,
  type TenantId,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { normalizeContactValue } from '../customers/contact-values.js';
import { auditedChanges, differences } from '../customers/customer-changes.js';
import { toUniquenessOutcomeView, uniquenessActorOf } from '../uniqueness/uniqueness-outcome.dto.js';
import { CreateClaimsService } from './create-claims.service.js';
import { IdentifyMergeService } from './identify-merge.service.js';
import type { IdentifyAction, IdentifyChange, IdentifyCustomerDto, IdentifyResult } from './identify.dto.js';

/** Decisions to create a customer whose values a concurrent call claimed first, before the call gives up. */
const CREATE_DECISIONS = 3;

/** The answer of a call: what a replay of its request id answers again. */
export type IdentifyAnswer = { status: 200 | 201; body: IdentifyResult };

interface Problem {
  status: number;
  code: string;
  detail: string;
  extensions: Record<string, unknown>;
}

type Comparable = Pick<Customer, 'name' | 'kind' | 'contactData' | 'uniqueIdentifiers'>;

/**
 * Identify / upsert for integrations (DOMAIN §7): finds the customers holding the request's values by the value
 * indexes, lets the rule decide, and applies its changes as explicit adds and removes. The request id is claimed
 * before anything changes and answered once done, so a replay answers the same, and a retry after a crash redoes
 * the same decision (a created customer has the id chosen at the claim; adds and removes are idempotent).
 */
@Injectable()
export class IdentifyService {
  constructor(
    private readonly requests: IdentifyRequestRepository,
    private readonly customers: CustomerRepository,
    private readonly tenants: TenantRepository,
    private readonly mergeLocks: MergeLockRepository,
    private readonly audit: AuditRepository,
    private readonly suggestions: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly uniqueness: UniquenessEnforcerService,
    private readonly createClaims: CreateClaimsService,
    private readonly identifyMerges: IdentifyMergeService,
  ) {}

  async identify(principal: Principal, dto: IdentifyCustomerDto): Promise<IdentifyAnswer> {
    const { tenantId } = principal;
    const { request, displays } = normalizedRequest(dto);
    const call = await this.requests.claim(tenantId, dto.requestId);
    if (call.status !== undefined && call.answer) return replayed(call.status, call.answer);

    const settings = { ...DEFAULT_IDENTITY_SETTINGS, ...(await this.tenants.identitySettings(tenantId)) };
    const { found, decision } = await this.decide(tenantId, request, settings, call.newId);
    if (decision.action === 'conflict') return this.refuse(tenantId, dto.requestId, decision);
    await this.refuseLocked(tenantId, touchedIds(decision));
    const mergePlan = await this.identifyMerges.plan(tenantId, call, decision, settings.identifyMergeVictim);
    const toChanges = storedChanges(found, displays);
    const byId = new Map(found.map((customer) => [customer._id.toHexString(), customer]));
    const { resultId, writtenIds } = await this.write(tenantId, decision, call.newId, dto.name, toChanges);

    const afterIds = [resultId, ...writtenIds.filter((id) => !id.equals(resultId))];
    const after = await this.customers.findByIds(tenantId, afterIds);
    const afterById = new Map(after.map((customer) => [customer._id.toHexString(), customer]));
    const result = afterById.get(resultId.toHexString());
    if (!result) throw new ProblemException(409, 'customer_merged', 'The customer was merged away meanwhile');

    const actor = auditActor(principal);
    const changes: IdentifyChange[] = [];
    for (const id of afterIds.map((value) => value.toHexString())) {
      const before: Comparable = byId.get(id) ?? { kind: result.kind, contactData: [], uniqueIdentifiers: [] };
      const now = afterById.get(id);
      if (!now) continue;
      const change = changeOf(id, before, now);
      if (change) changes.push(change);
      await this.announce(tenantId, dto.requestId, actor, before, now, decision.action === 'create');
    }

    const merge = mergePlan ? await this.identifyMerges.start(principal, mergePlan) : undefined;
    const kept =
      merge?.status === 'done' ? ((await this.customers.findById(tenantId, resultId.toHexString())) ?? result) : result;
    // DOMAIN §6: a create or update that makes the customer share the enforced value merges the newer into the original.
    const uniqueness =
      changes.length > 0
        ? await this.uniqueness.enforce(tenantId, resultId.toHexString(), uniquenessActorOf(principal))
        : undefined;
    const body: IdentifyResult = {
      // A retry after the transfer decides an update (the values moved already): the call stays the merge it was.
      action: (mergePlan ? 'merge' : decision.action) as IdentifyAction,
      customer: customerView(kept),
      changes,
      ...(merge ? { merge } : {}),
      ...(uniqueness ? { uniqueness: toUniquenessOutcomeView(uniqueness) } : {}),
    };
    const status = decision.action === 'create' ? 201 : 200;
    await this.requests.answer(tenantId, dto.requestId, status, body as unknown as Record<string, unknown>);
    return { status, body };
  }

  /**
   * The rule's decision on the customers holding the request's values. A customer is created only with values this
   * call claimed: when a concurrent call claimed one first, its customer is read and the rule decides again.
   */
  private async decide(
    tenantId: TenantId,
    request: IdentifyRequest,
    settings: IdentifySettings,
    newId: Types.ObjectId,
  ): Promise<{ found: Stored<Customer>[]; decision: IdentifyDecision }> {
    const values = [request.phone, request.email].filter((value): value is string => value !== undefined);
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.customers.findActiveHolding(tenantId, values, request.uniqueIdentifiers);
      const facts = found.map((customer) => toCustomerFacts(customer, []));
      const decision = decideIdentify(request, facts, settings);
      if (decision.action !== 'create') return { found, decision };
      if ((await this.createClaims.claimForCreate(tenantId, newId, decision.changes)) === 'claimed') {
        return { found, decision };
      }
      if (attempt === CREATE_DECISIONS) {
        throw new ProblemException(
          409,
          'identify_busy',
          'Concurrent calls are creating a customer with these values; retry',
        );
      }
    }
  }

  /** A conflict answers 409 with the rule's explanation, now and on every replay. */
  private async refuse(
    tenantId: TenantId,
    requestId: string,
    decision: Extract<IdentifyDecision, { action: 'conflict' }>,
  ): Promise<never> {
    const problem: Problem = {
      status: 409,
      code: 'identify_conflict',
      detail: decision.detail,
      extensions: {
        reason: decision.code,
        customerIds: decision.customerIds,
        ...(decision.blocks ? { blocks: decision.blocks } : {}),
      },
    };
    await this.requests.answer(tenantId, requestId, problem.status, { ...problem });
    throw toException(problem);
  }

  /** Applies the decision: the customer it results in, and every customer it wrote to. */
  private async write(
    tenantId: TenantId,
    decision: Exclude<IdentifyDecision, { action: 'conflict' }>,
    newId: Types.ObjectId,
    name: string | undefined,
    toChanges: (changes: IdentifierChanges, name?: string) => CustomerChanges,
  ): Promise<{ resultId: Types.ObjectId; writtenIds: Types.ObjectId[] }> {
    if (decision.action === 'create') {
      const { addContactData = [], setUniqueIdentifiers = [] } = toChanges(decision.changes);
      await this.customers.createOnce(tenantId, newId, {
        ...(name !== undefined ? { name } : {}),
        kind: decision.kind,
        contactData: addContactData.map((datum) => ({ ...datum, grantsAccess: datum.grantsAccess ?? false })),
        uniqueIdentifiers: setUniqueIdentifiers,
      });
      return { resultId: newId, writtenIds: [] };
    }
    const resultId = new Types.ObjectId(decision.action === 'update' ? decision.customerId : decision.survivorId);
    const writes = [
      { id: resultId, changes: decision.action === 'update' ? decision.changes : decision.survivor, name },
    ];
    // The survivor takes the values before the victims give them up: a crash in between leaves a value on both,
    // which the retry's decision moves again, never on neither.
    if (decision.action === 'merge') {
      writes.push(
        ...decision.victims.map((victim) => ({
          id: new Types.ObjectId(victim.customerId),
          ...victim,
          name: undefined,
        })),
      );
    }
    for (const write of writes) {
      await this.customers.applyChanges(tenantId, write.id, toChanges(write.changes, write.name));
    }
    return { resultId, writtenIds: writes.map((write) => write.id) };
  }

  /** A customer a merge journal holds is not changed under it (its fields were journaled when it was planned). */
  private async refuseLocked(tenantId: TenantId, ids: string[]): Promise<void> {
    const held = await this.mergeLocks.findHeld(
      tenantId,
      ids.map((id) => new Types.ObjectId(id)),
    );
    if (held.length > 0) {
      throw new ProblemException(
        409,
        'merge_in_progress',
        'A customer this call changes is being merged; retry once that is done',
        {
          customerIds: held.map((lock) => lock.customerId.toHexString()),
        },
      );
    }
  }

  /** The change in the audit trail (once per request and customer), to consoles and to duplicate detection. */
  private async announce(
    tenantId: string,
    requestId: string,
    actor: AuditActor,
    before: Comparable,
    after: Stored<Customer>,
    created: boolean,
  ): Promise<void> {
    const customerId = after._id.toHexString();
    const changed = auditedChanges(before, after);
    if (changed) {
      await this.audit.record({
        tenantId,
        type: 'customer.updated',
        key: `identify:${requestId}:${customerId}`,
        actor,
        trigger: { kind: 'request', id: requestId },
        customerIds: [after._id],
        ...changed,
      });
    }
    if (created) this.realtime.emit(tenantId, 'customer.created', { customerId });
    const { profile, matchingData } = differences(before, after);
    if (!created && profile) this.realtime.emit(tenantId, 'customer.updated', { customerId });
    if (matchingData) {
      await this.suggestions.checkCustomer(
        { tenantId, customerId, reason: 'contact.changed' },
        `contact-${customerId}-${after.updatedAt.getTime()}`,
      );
    }
  }
}

/**
 * The rule's changes as stored edits: a value added keeps the display the request gave it, or that it had on the
 * customer it moves from, with that customer's access flag.
 */
function storedChanges(
  found: Stored<Customer>[],
  displays: Map<string, string>,
): (changes: IdentifierChanges, name?: string) => CustomerChanges {
  const stored = (type: string, value: string): ContactDatum | undefined =>
    found.flatMap((customer) => customer.contactData).find((datum) => datum.type === type && datum.value === value);
  return (changes, name) => ({
    ...(name !== undefined ? { name } : {}),
    removeContactData: changes.remove,
    addContactData: changes.add.map(({ type, value }) => {
      const held = stored(type, value);
      return { type, value, display: displays.get(value) ?? held?.display, grantsAccess: held?.grantsAccess };
    }),
    removeUniqueIdentifiers: changes.removeUniqueIdentifiers,
    setUniqueIdentifiers: changes.setUniqueIdentifiers,
  });
}

/** The request with its values normalized as stored (`400 validation_failed` naming the fields that are not). */
function normalizedRequest(dto: IdentifyCustomerDto): { request: IdentifyRequest; displays: Map<string, string> } {
  const errors: { field: string; messages: string[] }[] = [];
  const displays = new Map<string, string>();
  const normalize = (field: 'phone' | 'email', raw: string | undefined, country?: string): string | undefined => {
    if (raw === undefined) return undefined;
    const normalized = normalizeContactValue(field, raw, country);
    if ('error' in normalized) {
      errors.push({ field, messages: [normalized.error] });
      return undefined;
    }
    displays.set(normalized.value, normalized.display);
    return normalized.value;
  };
  const phone = normalize('phone', dto.phone, dto.country);
  const email = normalize('email', dto.email);
  const uniqueIdentifiers = (dto.uniqueIdentifiers ?? []).map(({ type, value }) => ({ type, value }));
  uniqueIdentifiers.forEach(({ type }, index) => {
    if (uniqueIdentifiers.findIndex((other) => other.type === type) !== index) {
      errors.push({ field: `uniqueIdentifiers.${index}.type`, messages: [`only one value of ${type} per customer`] });
    }
  });
  if (dto.phone === undefined && dto.email === undefined && uniqueIdentifiers.length === 0) {
    errors.push({ field: 'phone', messages: ['a phone, an email or a unique identifier is required'] });
  }
  if (errors.length > 0) {
    throw new ProblemException(400, 'validation_failed', 'The request is not valid', { errors });
  }
  return { request: { phone, email, uniqueIdentifiers, kind: dto.kind ?? 'contact' }, displays };
}

function touchedIds(decision: Exclude<IdentifyDecision, { action: 'conflict' }>): string[] {
  if (decision.action === 'create') return [];
  if (decision.action === 'update') return [decision.customerId];
  return [decision.survivorId, ...decision.victims.map((victim) => victim.customerId)];
}

function auditActor(principal: Principal): AuditActor {
  return principal.kind === 'connector'
    ? { kind: 'connector', keyId: principal.keyId }
    : { kind: 'user', id: principal.userId, role: principal.role };
}

function toException({ status, code, detail, extensions }: Problem): ProblemException {
  return new ProblemException(status, code, detail, extensions);
}

function replayed(status: number, answer: Record<string, unknown>): IdentifyAnswer {
  if (status >= 400) throw toException(answer as unknown as Problem);
  return { status: status as 200 | 201, body: answer as unknown as IdentifyResult };
}

function customerView(customer: Stored<Customer>): IdentifyResult['customer'] {
  return {
    id: customer._id.toHexString(),
    name: customer.name ?? null,
    kind: customer.kind,
    contactData: customer.contactData.map(({ type, value, display, grantsAccess }) => ({
      type,
      value,
      ...(display !== undefined ? { display } : {}),
      grantsAccess,
    })),
    uniqueIdentifiers: customer.uniqueIdentifiers.map(({ type, value }) => ({ type, value })),
    createdAt: customer.createdAt.toISOString(),
  };
}

/** What differs between two readings of one customer; undefined when nothing does. */
function changeOf(customerId: string, before: Comparable, after: Comparable): IdentifyChange | undefined {
  const key = ({ type, value }: { type: string; value: string }): string => `${type}\n${value}`;
  const minus = <T extends { type: string; value: string }>(these: T[], those: T[]) =>
    these
      .filter((item) => !those.some((other) => key(other) === key(item)))
      .map(({ type, value }) => ({ type, value }));
  const change: IdentifyChange = {
    customerId,
    added: minus(after.contactData, before.contactData),
    removed: minus(before.contactData, after.contactData),
    addedUniqueIdentifiers: minus(after.uniqueIdentifiers, before.uniqueIdentifiers),
    removedUniqueIdentifiers: minus(before.uniqueIdentifiers, after.uniqueIdentifiers),
    ...(after.name !== before.name && after.name !== undefined ? { name: after.name } : {}),
  };
  const empty =
    change.added.length +
      change.removed.length +
      change.addedUniqueIdentifiers.length +
      change.removedUniqueIdentifiers.length ===
      0 && change.name === undefined;
  return empty ? undefined : change;
}
