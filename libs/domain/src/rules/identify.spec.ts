import { describe, expect, it } from '@jest/globals';
import {
  crmId,
  customer,
  email,
  identifyTable,
  IDENTIFY_REQUEST,
  loyaltyCard,
  phone,
  SETTINGS,
  type HeldIdentifiers,
} from '@app/testing/fixtures';
import type { SurvivorPreference } from '../identity-settings.js';
import type { CustomerFacts, TypedValue } from './customer-facts.js';
import { decideIdentify, type IdentifierChanges, type IdentifyDecision, type IdentifyRequest } from './identify.js';

const settings = (skipSecondary: boolean, survivorPreference: SurvivorPreference = 'member_then_older') => ({
  ...SETTINGS,
  primaryIdentifier: 'phone' as const,
  skipSecondary,
  survivorPreference,
});

function facts(name: string, held: HeldIdentifiers, createdAt = new Date('2024-01-01T00:00:00Z')): CustomerFacts {
  return {
    ...customer(name, ...(held.email ? [email(held.email)] : []), ...(held.phone ? [phone(held.phone)] : [])),
    kind: held.kind,
    createdAt,
  };
}

function applyChanges(held: HeldIdentifiers, changes: IdentifierChanges): HeldIdentifiers {
  const after = { ...held };
  const valueOf = (values: TypedValue[], type: 'email' | 'phone') => values.find((v) => v.type === type)?.value;
  for (const type of ['email', 'phone'] as const) {
    if (after[type] !== undefined && valueOf(changes.remove, type) === after[type]) delete after[type];
    const added = valueOf(changes.add, type);
    if (added !== undefined) after[type] = added;
  }
  return after;
}

/** Every customer as the decision leaves it, by name. */
function outcome(before: Record<string, HeldIdentifiers>, decision: IdentifyDecision): Record<string, HeldIdentifiers> {
  const after = { ...before };
  if (decision.action === 'create') after.new = applyChanges({ kind: decision.kind }, decision.changes);
  if (decision.action === 'update')
    after[decision.customerId] = applyChanges(before[decision.customerId], decision.changes);
  if (decision.action === 'merge') {
    after[decision.survivorId] = applyChanges(before[decision.survivorId], decision.survivor);
    for (const victim of decision.victims)
      after[victim.customerId] = applyChanges(before[victim.customerId], victim.changes);
  }
  return JSON.parse(JSON.stringify(after)) as Record<string, HeldIdentifiers>;
}

const request: IdentifyRequest = { ...IDENTIFY_REQUEST, uniqueIdentifiers: [] };

describe('decideIdentify: DOMAIN §7, primary phone, secondary email, request { email: a, phone: p2 }', () => {
  it.each(identifyTable().map((row) => [row.example.example, row.skipSecondary ? 'on' : 'off', row] as const))(
    'example %i, skip secondary %s',
    (_example, _setting, { example, skipSecondary, outcome: expected }) => {
      const candidates = Object.entries(example.before).map(([name, held]) => facts(name, held));
      const decision = decideIdentify(request, candidates, settings(skipSecondary));
      expect(decision.action).toBe(expected.action);
      if (expected.action === 'conflict') {
        expect(decision).toMatchObject({ code: expected.code, customerIds: ['C', 'M'] });
      } else {
        expect(outcome(example.before, decision)).toEqual(JSON.parse(JSON.stringify(expected.after)));
      }
    },
  );
});

describe('decideIdentify beyond the table', () => {
  const off = settings(false);

  it('creates a customer of the requested kind with every value when nothing holds them', () => {
    const decision = decideIdentify(
      { email: 'x@example.com', phone: '+12025550199', uniqueIdentifiers: [crmId('7')], kind: 'contact' },
      [],
      settings(true),
    );
    expect(decision).toEqual({
      action: 'create',
      kind: 'contact',
      changes: {
        add: [
          { type: 'phone', value: '+12025550199' },
          { type: 'email', value: 'x@example.com' },
        ],
        remove: [],
        setUniqueIdentifiers: [crmId('7')],
        removeUniqueIdentifiers: [],
      },
    });
  });

  it('changes nothing on a customer that already holds every value', () => {
    const held = facts('M', { kind: 'member', email: 'a@example.com', phone: '+12025550112' });
    expect(decideIdentify(request, [held], off)).toEqual({
      action: 'update',
      customerId: 'M',
      changes: { add: [], remove: [], setUniqueIdentifiers: [], removeUniqueIdentifiers: [] },
    });
  });

  it('keeps the customer the primary found between two contacts, whichever is older', () => {
    const byEmail = facts('C1', { kind: 'contact', email: 'a@example.com' }, new Date('2020-01-01T00:00:00Z'));
    const byPhone = facts('C2', { kind: 'contact', phone: '+12025550112' }, new Date('2024-01-01T00:00:00Z'));
    expect(decideIdentify(request, [byEmail, byPhone], off)).toMatchObject({ action: 'merge', survivorId: 'C2' });
  });

  it('keeps the older customer over a member when the survivor preference says older', () => {
    const olderContact = facts('C', { kind: 'contact', email: 'a@example.com' }, new Date('2020-01-01T00:00:00Z'));
    const newerMember = facts('M', { kind: 'member', phone: '+12025550112' }, new Date('2024-01-01T00:00:00Z'));
    const candidates = [olderContact, newerMember];
    expect(decideIdentify(request, candidates, settings(false, 'older'))).toMatchObject({
      action: 'merge',
      survivorId: 'C',
      survivor: { add: [{ type: 'phone', value: '+12025550112' }] },
      victims: [{ customerId: 'M', changes: { remove: [{ type: 'phone', value: '+12025550112' }] } }],
    });
    expect(decideIdentify(request, candidates, settings(false))).toMatchObject({ action: 'merge', survivorId: 'M' });
  });

  it('keeps the customer the primary found between two of the same age when the preference says older', () => {
    const byEmail = facts('C1', { kind: 'member', email: 'a@example.com' });
    const byPhone = facts('C2', { kind: 'contact', phone: '+12025550112' });
    const decision = decideIdentify(request, [byEmail, byPhone], settings(false, 'older'));
    expect(decision).toMatchObject({ action: 'merge', survivorId: 'C2' });
  });

  it('moves an identifier type the survivor lacks from the victim, and keeps the rest on it', () => {
    const victim = { ...facts('C', { kind: 'contact', email: 'a@example.com' }), uniqueIdentifiers: [crmId('9')] };
    const survivor = facts('M', { kind: 'member', phone: '+12025550112' });
    const decision = decideIdentify(request, [victim, survivor], off);
    expect(decision).toMatchObject({
      action: 'merge',
      survivorId: 'M',
      survivor: { add: [{ type: 'email', value: 'a@example.com' }], setUniqueIdentifiers: [crmId('9')] },
      victims: [
        {
          customerId: 'C',
          changes: { remove: [{ type: 'email', value: 'a@example.com' }], removeUniqueIdentifiers: [crmId('9')] },
        },
      ],
    });
  });

  it('refuses a transfer between customers with different loyalty cards (guard reason 1), naming both', () => {
    const victim = {
      ...facts('C', { kind: 'contact', email: 'a@example.com' }),
      uniqueIdentifiers: [loyaltyCard('1')],
    };
    const survivor = {
      ...facts('M', { kind: 'member', phone: '+12025550112' }),
      uniqueIdentifiers: [loyaltyCard('2')],
    };
    const decision = decideIdentify(request, [victim, survivor], off);
    expect(decision).toMatchObject({
      action: 'conflict',
      code: 'merge_blocked',
      customerIds: ['M', 'C'],
      blocks: [{ code: 'different_unique_identifiers', identifierType: 'loyaltyCard', values: ['2', '1'] }],
    });
  });

  it('refuses a transfer between customers with different access-granting contacts (guard reason 2)', () => {
    const victim = { ...facts('C', { kind: 'contact' }), contactData: [email('a@example.com', true)] };
    const survivor = { ...facts('M', { kind: 'member' }), contactData: [phone('+12025550112', true)] };
    expect(decideIdentify(request, [victim, survivor], off)).toMatchObject({
      action: 'conflict',
      code: 'merge_blocked',
      blocks: [{ code: 'different_access_contacts' }],
    });
  });

  it('refuses a unique identifier that belongs to a customer the other identifiers do not reach', () => {
    const holder = { ...facts('X', { kind: 'member' }), uniqueIdentifiers: [crmId('5')] };
    const byPhone = facts('M', { kind: 'member', phone: '+12025550112' });
    const decision = decideIdentify({ ...request, uniqueIdentifiers: [crmId('5')] }, [holder, byPhone], off);
    expect(decision).toMatchObject({ action: 'conflict', code: 'unique_identifier_held', customerIds: ['M', 'X'] });
  });

  it('reads the primary identifier from the settings: email first finds the customer holding the email', () => {
    const byEmail = facts('C', { kind: 'contact', email: 'a@example.com', phone: '+12025550111' });
    const decision = decideIdentify(request, [byEmail], { ...settings(true), primaryIdentifier: 'email' });
    expect(decision).toMatchObject({ action: 'update', customerId: 'C' });
  });

  it('finds a customer by its unique identifier when the request holds no phone or email anyone has', () => {
    const holder = { ...facts('X', { kind: 'member' }), uniqueIdentifiers: [loyaltyCard('8812')] };
    const decision = decideIdentify(
      { phone: '+12025550199', uniqueIdentifiers: [loyaltyCard('8812')], kind: 'contact' },
      [holder],
      off,
    );
    expect(decision).toMatchObject({
      action: 'update',
      customerId: 'X',
      changes: { add: [{ type: 'phone', value: '+12025550199' }], setUniqueIdentifiers: [] },
    });
  });

  it('matches by the secondary under skip-secondary when the request has no primary', () => {
    const byEmail = facts('C', { kind: 'contact', email: 'a@example.com' });
    const decision = decideIdentify(
      { email: 'a@example.com', uniqueIdentifiers: [], kind: 'member' },
      [byEmail],
      settings(true),
    );
    expect(decision).toMatchObject({ action: 'update', customerId: 'C' });
  });
});
