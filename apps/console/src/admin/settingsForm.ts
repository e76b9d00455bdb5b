import type {
  ContactType,
  EnforceUniqueBy,
  IdentifierType,
  IdentifyMergeVictim,
  IdentitySettings,
  SurvivorPreference,
} from '@app/domain';

/** The choices, typed by the domain's words so a word added there fails the console's typecheck until it is here. */
const CONTACT_TYPE_CHOICES: Record<ContactType, true> = { phone: true, email: true, card: true };
const IDENTIFIER_TYPE_CHOICES: Record<IdentifierType, true> = { phone: true, email: true };
const ENFORCE_UNIQUE_BY_CHOICES: Record<EnforceUniqueBy, true> = {
  off: true,
  email: true,
  phone: true,
  referenceCode: true,
};
const IDENTIFY_MERGE_VICTIM_CHOICES: Record<IdentifyMergeVictim, string> = {
  keep: 'keep it as a record with the rest',
  tombstone: 'merge it into the customer kept',
};
const SURVIVOR_PREFERENCE_CHOICES: Record<SurvivorPreference, string> = {
  member_then_older: 'a member over a contact, then the older',
  older: 'the older, whatever its kind',
};

export const CONTACT_TYPES = Object.keys(CONTACT_TYPE_CHOICES) as ContactType[];
export const IDENTIFIER_TYPES = Object.keys(IDENTIFIER_TYPE_CHOICES) as IdentifierType[];
export const ENFORCE_UNIQUE_BY = Object.keys(ENFORCE_UNIQUE_BY_CHOICES) as EnforceUniqueBy[];
/** Each choice with the words the form shows for it. */
export const IDENTIFY_MERGE_VICTIMS = Object.entries(IDENTIFY_MERGE_VICTIM_CHOICES) as [IdentifyMergeVictim, string][];
export const SURVIVOR_PREFERENCES = Object.entries(SURVIVOR_PREFERENCE_CHOICES) as [SurvivorPreference, string][];

/** The settings as the form edits them: the blocklist one value a line, the threshold as typed. */
export interface SettingsForm extends Omit<
  IdentitySettings,
  'blocklist' | 'sharedContactThreshold' | 'suggestionThreshold'
> {
  sharedContactThreshold: string;
  suggestionThreshold: string;
  blocklist: string;
}

export const SETTING_LABELS: Record<keyof IdentitySettings, string> = {
  uniqueIdentifierTypes: 'Unique identifier types',
  accessGrantingContactTypes: 'Contact types that grant account access',
  primaryIdentifier: 'Primary identifier',
  skipSecondary: 'Skip secondary identifiers',
  identifyMergeVictim: 'After identify moves identifiers, the customer they came from',
  survivorPreference: 'Customer kept by default in a merge',
  enforceUniqueBy: 'Enforce one customer per',
  sharedContactThreshold: 'Shared-contact threshold',
  blocklist: 'Blocklist',
  suggestionThreshold: 'Suggestion threshold',
  trustUnauthenticatedEmail: 'Trust unauthenticated email',
};

export function formOf(settings: IdentitySettings): SettingsForm {
  return {
    ...settings,
    uniqueIdentifierTypes: settings.uniqueIdentifierTypes.map((setting) => ({ ...setting })),
    sharedContactThreshold: String(settings.sharedContactThreshold),
    suggestionThreshold: String(settings.suggestionThreshold),
    blocklist: settings.blocklist.join('\n'),
  };
}

/** What the form sends: identifier types and blocklist values trimmed, blank lines and unnamed types left out. */
export function settingsOf(form: SettingsForm): IdentitySettings {
  return {
    ...form,
    uniqueIdentifierTypes: form.uniqueIdentifierTypes
      .map(({ type, doNotMergeDifferent }) => ({ type: type.trim(), doNotMergeDifferent }))
      .filter(({ type }) => type !== ''),
    sharedContactThreshold: Number(form.sharedContactThreshold.trim()),
    suggestionThreshold: Number(form.suggestionThreshold.trim()),
    blocklist: form.blocklist
      .split('\n')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
  };
}

/** The settings a save would change, in the form's order (every one of them is applied to every customer). */
export function changedSettings(saved: IdentitySettings, edited: IdentitySettings): (keyof IdentitySettings)[] {
  const keys = Object.keys(SETTING_LABELS) as (keyof IdentitySettings)[];
  return keys.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(edited[key]));
}
