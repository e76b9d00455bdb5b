import { describe, expect, it } from '@jest/globals';
import { card, customer, email, emailIdentity, P1, P2, phone, sms, webchat, whatsapp } from '@app/testing/fixtures';
import type { CustomerFacts } from './customer-facts.js';
import { detachRefusal, evidenceLeft, planDetach } from './detach.js';
import type { Evidence, EvidenceRule } from './evidence.js';

const ann = customer('a', whatsapp(P1), emailIdentity('ann@example.com'), phone(P1), email('ann@example.com'));

describe('detachRefusal', () => {
  it.each<[string, CustomerFacts, string, ReturnType<typeof detachRefusal>]>([
    ['one of several identities is detachable', ann, whatsapp(P1).id, undefined],
    ['an identity of someone else is not found', ann, sms(P2).id, 'identity_not_found'],
    ['the only identity stays', customer('b', whatsapp(P2), phone(P2)), whatsapp(P2).id, 'only_identity'],
    [
      'an anonymous identity beside another is detachable',
      customer('c', webchat('s1'), whatsapp(P2)),
      webchat('s1').id,
      undefined,
    ],
  ])('%s', (_case, source, identityId, refusal) => {
    expect(detachRefusal(source, identityId)).toBe(refusal);
  });
});

describe('planDetach: the contact data that goes with the identity', () => {
  it.each<[string, CustomerFacts, string, ReturnType<typeof planDetach>['contactData'], boolean]>([
    ['the phone equal to a WhatsApp address', ann, whatsapp(P1).id, [phone(P1)], false],
    [
      'the email equal to an email address',
      ann,
      emailIdentity('ann@example.com').id,
      [email('ann@example.com')],
      false,
    ],
    [
      'nothing when no contact datum equals the address',
      customer('d', whatsapp(P1), sms(P2), phone(P2)),
      whatsapp(P1).id,
      [],
      false,
    ],
    [
      'a card with the same digits is not a phone',
      customer('e', whatsapp(P1), sms(P2), card(phone(P1).value)),
      whatsapp(P1).id,
      [],
      false,
    ],
    [
      'its access flag as it is',
      customer('f', whatsapp(P1), sms(P2), phone(P1, true)),
      whatsapp(P1).id,
      [phone(P1, true)],
      false,
    ],
    [
      'nothing for an anonymous identity',
      customer('g', webchat('s2'), whatsapp(P1), phone(P1)),
      webchat('s2').id,
      [],
      false,
    ],
    [
      'nothing for an unverified identity: the email it claims stays with the customer who holds it',
      customer(
        'i',
        { ...emailIdentity('ann@example.com'), id: 'claim', unverified: true },
        whatsapp(P1),
        email('ann@example.com'),
      ),
      'claim',
      [],
      false,
    ],
    [
      'a copy the source keeps while its SMS identity has the same number',
      customer('h', whatsapp(P1), sms(P1), phone(P1)),
      whatsapp(P1).id,
      [phone(P1)],
      true,
    ],
  ])('%s', (_case, source, identityId, contactData, sourceKeeps) => {
    const plan = planDetach(source, identityId, { customerId: 'new' });
    expect(plan.contactData).toEqual(contactData);
    expect(plan.sourceKeepsContactData).toBe(sourceKeeps);
  });
});

describe('planDetach: the new customer and the separated pair', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['its profile name', 'Sheena Nelson', 'Sheena Nelson'],
    ['its profile name trimmed', '  Bo  ', 'Bo'],
    ['nothing when the profile name is blank', '   ', undefined],
    ['nothing without a profile name', undefined, undefined],
  ])('names the new customer after %s', (_case, profileName, name) => {
    expect(planDetach(ann, whatsapp(P1).id, { customerId: 'new', profileName }).name).toBe(name);
  });

  it.each<[string, CustomerFacts, string, EvidenceRule[]]>([
    [
      'the address listed on the source: seen as identity and contact evidence',
      ann,
      whatsapp(P1).id,
      ['identity_matches_contact', 'same_contact_phone'],
    ],
    [
      'nothing linked them but being one customer',
      customer('i', whatsapp(P1), emailIdentity('i@example.com')),
      whatsapp(P1).id,
      [],
    ],
    [
      'a similar email of the source',
      customer('j', emailIdentity('jo.doe@example.com'), email('jo.doe@example.com'), email('jo.dou@example.com')),
      emailIdentity('jo.doe@example.com').id,
      ['identity_matches_contact', 'same_contact_email', 'similar_email'],
    ],
  ])('remembers the kinds of evidence of its time: %s', (_case, source, identityId, rules) => {
    const { separation } = planDetach(source, identityId, { customerId: 'new' });
    expect([...new Set(separation.map((item) => item.rule))].sort()).toEqual(rules);
  });

  it('refuses to plan an identity the customer does not hold', () => {
    expect(() => planDetach(ann, sms(P2).id, { customerId: 'new' })).toThrow(RangeError);
  });
});

describe('planDetach: the values that leave the source', () => {
  it.each<[string, CustomerFacts, string, string[]]>([
    ['the address and the contact datum equal to it', ann, whatsapp(P1).id, [phone(P1).value]],
    [
      'nothing while an SMS identity of the source has the number',
      customer('k', whatsapp(P1), sms(P1), phone(P1)),
      whatsapp(P1).id,
      [],
    ],
    [
      'the address alone when no contact datum equals it',
      customer('l', whatsapp(P1), sms(P2), phone(P2)),
      whatsapp(P1).id,
      [phone(P1).value],
    ],
    ['nothing for an anonymous identity', customer('m', webchat('s3'), whatsapp(P1)), webchat('s3').id, []],
  ])('%s', (_case, source, identityId, leaving) => {
    expect(planDetach(source, identityId, { customerId: 'new' }).leavingValues).toEqual(leaving);
  });
});

describe('evidenceLeft', () => {
  const item = (rule: EvidenceRule, ...values: [string, string]): Evidence => ({ rule, values, score: 0.5 });
  it.each<[string, Evidence[], boolean]>([
    [
      'every item names a leaving value',
      [item('identity_matches_contact', '+1', '+1'), item('same_contact_phone', '+1', '+1')],
      true,
    ],
    ['a similar email that left', [item('similar_email', 'jo@x.com', 'joe@x.com')], true],
    [
      'one item rests on a value that stays',
      [item('same_contact_phone', '+1', '+1'), item('same_contact_email', 'a@x.com', 'a@x.com')],
      false,
    ],
    ['no evidence at all', [], false],
  ])('%s → %s', (_case, evidence, left) => {
    expect(evidenceLeft(evidence, ['+1', 'jo@x.com'])).toBe(left);
  });
});
