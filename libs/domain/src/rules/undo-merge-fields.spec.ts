import { describe, expect, it } from '@jest/globals';
import { crmId, customer, email, loyaltyCard, P1, P2, phone } from '@app/testing/fixtures';
import type { CustomerFacts } from './customer-facts.js';
import { mergeCustomerFields, type MergePicks } from './merge-fields.js';
import { undoMergeFields, type UndoneFields } from './undo-merge-fields.js';

const with_ = (base: CustomerFacts, fields: Partial<CustomerFacts>): CustomerFacts => ({ ...base, ...fields });
const at = (day: number) => new Date(Date.UTC(2026, 0, day));

/** The survivor as the merge left it: the merge's own rule applied to both as they were. */
function merged(survivor: CustomerFacts, victims: CustomerFacts[], picks: MergePicks = {}): CustomerFacts {
  return { ...survivor, ...mergeCustomerFields(survivor, victims, picks).result };
}

const ann = with_(customer('s', phone(P1), crmId('C-1')), { name: 'Ann Lee', lastActiveAt: at(1) });
const nameless = with_(customer('s', phone(P1)), { lastActiveAt: at(1) });
const victim = with_(customer('v', email('ann@example.com', true), loyaltyCard('8812'), crmId('C-2')), {
  name: 'A. Lee',
  kind: 'member',
  lastActiveAt: at(5),
});

describe('undoMergeFields', () => {
  it.each<[string, CustomerFacts, CustomerFacts[], (mergedSurvivor: CustomerFacts) => CustomerFacts, UndoneFields]>([
    [
      'everything the survivor took goes back; what it held stays',
      ann,
      [victim],
      (now) => now,
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P1)],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(1),
      },
    ],
    [
      'a name filled from the victim goes back to none',
      nameless,
      [victim],
      (now) => now,
      { kind: 'contact', contactData: [phone(P1)], uniqueIdentifiers: [], lastActiveAt: at(1) },
    ],
    [
      'a name the survivor changed since the merge stays',
      nameless,
      [victim],
      (now) => with_(now, { name: 'Ann Marie Lee' }),
      { name: 'Ann Marie Lee', kind: 'contact', contactData: [phone(P1)], uniqueIdentifiers: [], lastActiveAt: at(1) },
    ],
    [
      'a kind set since the merge stays (the survivor became a member on its own)',
      ann,
      [with_(victim, { kind: 'contact' })],
      (now) => with_(now, { kind: 'member' }),
      {
        name: 'Ann Lee',
        kind: 'member',
        contactData: [phone(P1)],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(1),
      },
    ],
    [
      'contact data added and removed since the merge are the survivor’s own',
      ann,
      [victim],
      (now) => with_(now, { contactData: [...now.contactData.filter((d) => d.type !== 'phone'), phone(P2)] }),
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P2)],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(1),
      },
    ],
    [
      'an access flag the merge raised from the victim’s copy goes back down',
      with_(ann, { contactData: [phone(P1), email('ann@example.com')] }),
      [victim],
      (now) => now,
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P1), email('ann@example.com')],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(1),
      },
    ],
    [
      'a picked victim value goes back to the survivor’s',
      ann,
      [victim],
      () => merged(ann, [victim], { name: 'v', 'uniqueIdentifiers.crmId': 'v' }),
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P1)],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(1),
      },
    ],
    [
      'an identifier the survivor set since stays, even of a type the victim brought',
      ann,
      [victim],
      (now) => with_(now, { uniqueIdentifiers: [crmId('C-1'), loyaltyCard('9900')] }),
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P1)],
        uniqueIdentifiers: [crmId('C-1'), loyaltyCard('9900')],
        lastActiveAt: at(1),
      },
    ],
    [
      'activity since the merge stays',
      ann,
      [victim],
      (now) => with_(now, { lastActiveAt: at(9) }),
      {
        name: 'Ann Lee',
        kind: 'contact',
        contactData: [phone(P1)],
        uniqueIdentifiers: [crmId('C-1')],
        lastActiveAt: at(9),
      },
    ],
    [
      'several victims: what came from any of them goes back',
      nameless,
      [with_(customer('v1', loyaltyCard('1')), { name: 'Ann' }), customer('v2', email('ann@example.com'))],
      (now) => now,
      { kind: 'contact', contactData: [phone(P1)], uniqueIdentifiers: [], lastActiveAt: at(1) },
    ],
  ])('%s', (_case, survivorBefore, victimsBefore, survivorNow, expected) => {
    const now = survivorNow(merged(survivorBefore, victimsBefore));
    expect(undoMergeFields(survivorBefore, victimsBefore, now)).toEqual(expected);
  });
});
