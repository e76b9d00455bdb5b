import type {
  AccessContact,
  ChannelKind,
  ContactType,
  CustomerProfile,
  MergeBlock,
  MergePreview,
  SuggestionEvidence,
  SuggestionStatus,
} from './types';

/** One customer of a pair, as far as the console knows it. */
export interface Party {
  id: string;
  label: string;
  profile?: CustomerProfile;
}

const CHANNEL: Record<ChannelKind, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'Email',
  api: 'Connector',
  webchat: 'Webchat',
};

const CONTACT: Record<ContactType, string> = { phone: 'phone', email: 'email address', card: 'card number' };

/** How a value is written on a profile, if one of them shows it. */
function displayOf(value: string, parties: readonly Party[]): string {
  for (const { profile } of parties) {
    const identity = profile?.identities.find((candidate) => candidate.address === value);
    if (identity?.displayAddress) return identity.displayAddress;
    const contact = profile?.contactData.find((candidate) => candidate.value === value);
    if (contact?.display) return contact.display;
  }
  return value;
}

function identityMatchesContact(value: string, parties: readonly Party[]): string {
  const display = displayOf(value, parties);
  for (const writer of parties) {
    const identity = writer.profile?.identities.find((candidate) => candidate.address === value);
    const holder = parties.find((party) => party !== writer);
    const contact = holder?.profile?.contactData.find((candidate) => candidate.value === value);
    if (identity && holder && contact) {
      const whose = writer.label === display || writer.label === value ? '' : ` (${writer.label})`;
      return `${CHANNEL[identity.kind]} ${display}${whose} is listed as ${article(CONTACT[contact.type])} on ${holder.label}’s profile`;
    }
  }
  return `${display} writes to us on one profile and is listed as contact data on the other`;
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** One piece of evidence in words; `values` hold the first customer's value, then the other's. */
export function describeEvidence(evidence: SuggestionEvidence, parties: readonly Party[]): string {
  const [first = '', second = first] = evidence.values;
  switch (evidence.rule) {
    case 'identity_matches_contact':
      return identityMatchesContact(first, parties);
    case 'same_unique_identifier': {
      const type = parties
        .flatMap((party) => party.profile?.uniqueIdentifiers ?? [])
        .find((identifier) => identifier.value === first)?.type;
      return type ? `Both have ${type} ${first}` : `Both have the unique identifier ${first}`;
    }
    case 'same_contact_phone':
      return `Both profiles list the phone ${displayOf(first, parties)}`;
    case 'same_contact_email':
      return `Both profiles list the email address ${first}`;
    case 'same_contact_card':
      return `Both profiles list the card number ${first}`;
    case 'similar_email':
      return `Similar email addresses: ${first} and ${second}`;
    case 'unverified_same_address':
      return `A sender who did not prove it owns ${displayOf(first, parties)} wrote from it; the other profile holds it`;
    default:
      return `${evidence.rule.replaceAll('_', ' ')}: ${[...new Set(evidence.values)].join(' / ')}`;
  }
}

export function scoreLabel(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
}

/** The `blocks` of a `merge_blocked` problem: one entry per refused victim, as in a merge preview. */
export function blocksOfProblem(extensions: Readonly<Record<string, unknown>>): MergeBlock[] {
  const perVictim = (Array.isArray(extensions.blocks) ? extensions.blocks : []) as MergePreview['blocks'];
  return perVictim.flatMap((entry) => entry.blocks);
}

const contactList = (contacts: AccessContact[]): string =>
  contacts.map((contact) => `${CONTACT[contact.type]} ${contact.value}`).join(', ');

/** Why a guard refuses to merge `victim` into `survivor`, in one sentence. */
export function describeBlock(block: MergeBlock, survivor: string, victim: string): string {
  switch (block.code) {
    case 'different_unique_identifiers': {
      const [kept, removed] = block.values;
      return `Different ${block.identifierType}: ${kept} on ${survivor}, ${removed} on ${victim}. They may be two people.`;
    }
    case 'different_access_contacts': {
      const parts = [
        block.survivorOnly.length ? `${contactList(block.survivorOnly)} only on ${survivor}` : '',
        block.victimOnly.length ? `${contactList(block.victimOnly)} only on ${victim}` : '',
      ].filter(Boolean);
      return `Different contacts grant account access (${parts.join('; ')}): merging would let one person into the other’s account.`;
    }
  }
}

const MOVE_NAMES: Record<string, [string, string]> = {
  identities: ['identity', 'identities'],
  conversations: ['conversation', 'conversations'],
  messages: ['message', 'messages'],
  contactData: ['contact detail', 'contact details'],
  uniqueIdentifiers: ['unique identifier', 'unique identifiers'],
};

/** Internal bookkeeping that moves with a customer but means nothing to an agent. */
const HIDDEN_MOVES = new Set(['identifier_owners']);

/** "1 conversation", "3 messages", … for every kind that moves, in a stable order. */
export function movesInWords(moves: Readonly<Record<string, number>>): string[] {
  const known = Object.keys(MOVE_NAMES);
  const keys = [...known, ...Object.keys(moves).filter((key) => !known.includes(key) && !HIDDEN_MOVES.has(key))];
  return keys
    .filter((key) => (moves[key] ?? 0) > 0)
    .map((key) => {
      const count = moves[key];
      const [one, many] = MOVE_NAMES[key] ?? [key, key];
      return `${count} ${count === 1 ? one : many}`;
    });
}

/** What happened to a suggestion someone else decided, for the agent who was about to decide it. */
export function outcomeInWords(status: SuggestionStatus): string {
  switch (status) {
    case 'accepted':
      return 'Already accepted: another agent merged these customers.';
    case 'rejected':
      return 'Already rejected: another agent decided these are not the same person.';
    case 'superseded':
      return 'No longer needed: one of these customers was merged elsewhere.';
    case 'blocked':
      return 'A guard now refuses this merge.';
    case 'open':
      return 'This suggestion is open again.';
  }
}
