import { setTimeout as pause } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { Types } from 'mongoose';
import type { IdentifierChanges } from '@app/domain';
import {
  CustomerRepository,
  IdentifierClaimRepository,
  type ClaimedValue,
  type Customer,
  type Stored,
  type TenantId,
} from '@app/persistence';

/**
 * How long a call waits for a concurrent call that claimed a value to write its customer. Past it the claimer is
 * taken for dead (a crash between its claim and its insert) and the claim is taken over.
 */
const CREATOR_WAIT_MS = 10_000;
const FIRST_PAUSE_MS = 20;
const LONGEST_PAUSE_MS = 400;
/** Takeovers lost to other calls before this call gives up on a value and decides again. */
const TAKEOVER_TRIES = 3;

/**
 * Identify creates a customer only for values it claimed first (one claim per tenant, identifier type and value,
 * under a unique index), so concurrent calls bringing the same new phone or email create one customer: the others
 * find their value claimed, wait for that customer, and decide again, updating it.
 */
@Injectable()
export class CreateClaimsService {
  constructor(
    private readonly claims: IdentifierClaimRepository,
    private readonly customers: CustomerRepository,
  ) {}

  /**
   * `claimed`: every value the new customer gets is this call's. `taken`: another call created (or is creating) a
   * customer with one of them; the claims this call made are given back, and it decides again.
   */
  async claimForCreate(tenantId: TenantId, newId: Types.ObjectId, changes: IdentifierChanges) {
    const values: ClaimedValue[] = [
      ...changes.add.map(({ type, value }) => ({ identifierType: `contact:${type}`, value })),
      ...changes.setUniqueIdentifiers.map(({ type, value }) => ({ identifierType: `unique:${type}`, value })),
    ];
    const won: ClaimedValue[] = [];
    for (const value of values) {
      if (await this.claim(tenantId, value, newId)) {
        won.push(value);
        continue;
      }
      for (const mine of won) await this.claims.release(tenantId, mine, newId);
      return 'taken' as const;
    }
    return 'claimed' as const;
  }

  private async claim(tenantId: TenantId, value: ClaimedValue, newId: Types.ObjectId): Promise<boolean> {
    for (let tries = 0; tries < TAKEOVER_TRIES; tries += 1) {
      const holderId = await this.claims.claim(tenantId, value, newId);
      if (holderId.equals(newId)) return true;
      const holder = await this.written(tenantId, holderId);
      if (holder && holds(holder, value)) return false;
      // The value moved on from the customer created with it, or its call died before writing it: ours now,
      // unless another call took the claim over first.
      if (await this.claims.takeOver(tenantId, value, holderId, newId)) return true;
    }
    return false;
  }

  /** The customer once its creator wrote it; null when it did not within the wait. */
  private async written(tenantId: TenantId, id: Types.ObjectId): Promise<Stored<Customer> | null> {
    const deadline = Date.now() + CREATOR_WAIT_MS;
    for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(wait * 2, LONGEST_PAUSE_MS)) {
      const customer = await this.customers.findById(tenantId, id.toHexString());
      if (customer || Date.now() >= deadline) return customer;
      await pause(wait);
    }
  }
}

function holds(customer: Stored<Customer>, { identifierType, value }: ClaimedValue): boolean {
  if (customer.mergedInto) return false;
  const [kind, type] = identifierType.split(':');
  const held = kind === 'contact' ? customer.contactData : customer.uniqueIdentifiers;
  return held.some((item) => item.type === type && item.value === value);
}
