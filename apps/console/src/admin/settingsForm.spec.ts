import { describe, expect, it } from '@jest/globals';
import type { IdentitySettings } from '@app/domain';
import { changedSettings, formOf, settingsOf } from './settingsForm';

const SAVED: IdentitySettings = {
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
  accessGrantingContactTypes: ['phone', 'email', 'card'],
  primaryIdentifier: 'phone',
  skipSecondary: false,
  identifyMergeVictim: 'keep',
  survivorPreference: 'member_then_older',
  enforceUniqueBy: 'off',
  sharedContactThreshold: 5,
  blocklist: ['front.desk@example.com', '+15550100000'],
  suggestionThreshold: 0.4,
  trustUnauthenticatedEmail: false,
};

describe('formOf and settingsOf', () => {
  it('give back the saved settings when nothing is edited', () => {
    expect(settingsOf(formOf(SAVED))).toEqual(SAVED);
  });

  it.each([
    [
      'blocklist lines trimmed, blank ones dropped',
      { blocklist: ' a@x.example \n\n  \n+15550100001' },
      {
        blocklist: ['a@x.example', '+15550100001'],
      },
    ],
    ['the threshold as a number', { sharedContactThreshold: ' 12 ' }, { sharedContactThreshold: 12 }],
    [
      'identifier types trimmed, unnamed ones dropped',
      {
        uniqueIdentifierTypes: [
          { type: ' crmId ', doNotMergeDifferent: false },
          { type: '  ', doNotMergeDifferent: true },
        ],
      },
      { uniqueIdentifierTypes: [{ type: 'crmId', doNotMergeDifferent: false }] },
    ],
  ])('%s', (_case, edit, expected) => {
    expect(settingsOf({ ...formOf(SAVED), ...edit })).toEqual({ ...SAVED, ...expected });
  });
});

describe('changedSettings', () => {
  it.each([
    ['nothing', {}, []],
    [
      'a flag switched off',
      { uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: false }] },
      ['uniqueIdentifierTypes'],
    ],
    ['an access type removed', { accessGrantingContactTypes: ['phone', 'email'] }, ['accessGrantingContactTypes']],
    [
      'the threshold and the blocklist',
      { sharedContactThreshold: 6, blocklist: ['+15550100000'] },
      ['sharedContactThreshold', 'blocklist'],
    ],
    ['uniqueness switched on', { enforceUniqueBy: 'phone' }, ['enforceUniqueBy']],
    [
      'primary and skip-secondary',
      { primaryIdentifier: 'email', skipSecondary: true },
      ['primaryIdentifier', 'skipSecondary'],
    ],
    [
      'the identify victim and the survivor preference',
      { identifyMergeVictim: 'tombstone', survivorPreference: 'older' },
      ['identifyMergeVictim', 'survivorPreference'],
    ],
    ['email trust switched on', { trustUnauthenticatedEmail: true }, ['trustUnauthenticatedEmail']],
  ] as const)('%s', (_case, edit, expected) => {
    expect(changedSettings(SAVED, { ...SAVED, ...edit } as IdentitySettings)).toEqual(expected);
  });
});
