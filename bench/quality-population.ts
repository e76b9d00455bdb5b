/*
 * A labelled synthetic population for bench:quality: people who write in over WhatsApp, SMS and email, and what agents
 * and integrations then type about them, with the mistakes real people and agents make. Every delivery and edit names
 * the person it is about (`person`), so what the product makes of it can be scored against the truth.
 * Deterministic for a seed: the same seed and size give the same population.
 */

/** A sender as the product keys its identity: the channel kind and the normalized address. */
export interface Sender {
  channel: 'whatsapp' | 'sms' | 'email';
  /** E.164 for phones, lower-case for email. */
  address: string;
}

/** `serial` numbers the deliveries of a population: the runner makes each provider's message id of it. */
export type Delivery =
  | { kind: 'whatsapp'; person: number; waId: string; profileName: string; serial: number }
  | { kind: 'sms'; person: number; from: string; serial: number }
  | { kind: 'email'; person: number; from: string; displayName: string; serial: number };

/** A phone as an agent or a shop types it: maybe without country code, then with the country it is in. */
export interface WrittenPhone {
  text: string;
  country?: string;
}

export type Edit =
  | {
      kind: 'patch';
      person: number;
      /** The profile the agent has open: the customer holding this sender's identity. */
      target: Sender;
      name?: string;
      member?: boolean;
      phones?: WrittenPhone[];
      emails?: string[];
      loyaltyCard?: string;
    }
  | { kind: 'identify'; person: number; requestId: string; phone?: WrittenPhone; email?: string; name?: string };

/** Pairs of people the product must keep apart however alike they look. */
export interface Household {
  persons: [number, number];
}

export interface Population {
  persons: number;
  deliveries: Delivery[];
  edits: Edit[];
  households: Household[];
  /** Per kind of person, how many: the mix actually drawn. */
  kinds: Record<string, number>;
  /** Each person's kind, to tell which kinds of people a wrong suggestion paired. */
  kindOfPerson: Map<number, string>;
}

/** mulberry32: a small seeded generator, enough for test data (not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  'Anna',
  'Anne',
  'Maria',
  'Mario',
  'Nils',
  'Nina',
  'Jonas',
  'Lena',
  'Paul',
  'Paula',
  'Emma',
  'Emil',
  'Liam',
  'Noah',
  'Olivia',
  'Sofia',
  'Lukas',
  'Mia',
  'Ben',
  'Lea',
  'Tom',
  'Tim',
  'Jan',
  'Jana',
  'Eva',
  'Ida',
  'Max',
  'Leo',
  'Linh',
  'Minh',
  'Daniel',
  'Daniela',
  'Chloé',
  'José',
  'Zoë',
  'Søren',
  'Björn',
  'Renée',
  'André',
  'Inês',
  'Raúl',
  'Łukasz',
  'Ahmed',
  'Fatima',
  'Yuki',
  'Hana',
  'Omar',
  'Sara',
  'Sarah',
  'Kai',
  'Ella',
  'Elias',
  'Clara',
  'Klara',
  'Felix',
];
const FAMILY = [
  'Kowalski',
  'Silva',
  'Johnson',
  'Nguyen',
  'Okafor',
  'Becker',
  'Müller',
  'Schmidt',
  'García',
  'López',
  'Martín',
  'Dubois',
  'Lefèvre',
  'Rossi',
  'Bianchi',
  'Novák',
  'Horváth',
  'Andersson',
  'Johansson',
  'Nielsen',
  'Kim',
  'Park',
  'Tanaka',
  'Sato',
  'Khan',
  'Ali',
  'Smith',
  'Brown',
  'Wilson',
  'Taylor',
  'Moreau',
  'Fischer',
  'Weber',
  'Wagner',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann',
  'Köhler',
  'Herrmann',
  'Walter',
  'Peters',
  'Ortiz',
];
/** Nicknames a person may use on one channel and not on another. */
const NICKNAMES: Record<string, string> = {
  Daniel: 'Dan',
  Daniela: 'Dani',
  Jonas: 'Joe',
  Lukas: 'Luke',
  Maria: 'Mia',
  Olivia: 'Liv',
  Sofia: 'Sofi',
  Elias: 'Eli',
};
const DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'web.de',
  'mail.example',
];

/** Folds accents and drops what an email address cannot hold: "Łukasz Müller" → "lukasz", "muller". */
const asciiWord = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/**
 * Whom an address can only belong to: its letters, its number's digits in any order, its provider (googlemail.com
 * is gmail.com). Two people are never given addresses with one such key: one Gmail mailbox written with and without
 * dots cannot be two people's, and namesakes whose addresses are a separator or two swapped digits apart
 * (`jonas_kruger36@` / `jonas.kruger36@`, both Jonas Krüger) are a pair nobody could tell from one person's slip.
 * With a few thousand names, 100,000 people drawn freely hold thousands of such pairs (2,197 and 680 same-mailbox pairs
 * at seed 16), which the labels would call different people.
 */
function personKeyOf(address: string): string {
  const [local, domain] = address.split('@');
  const letters = local.replace(/[^a-z]/g, '');
  const digits = [...local.replace(/\D/g, '')].sort().join('');
  return `${letters}#${digits}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
}

/** A typo of one letter of the local part (substituted, dropped, doubled or two swapped), never of the domain. */
function typoOf(address: string, random: () => number): string {
  const [local, domain] = address.split('@');
  const letters = [...local].map((char, index) => ({ char, index })).filter(({ char }) => /[a-z]/.test(char));
  const { index } = letters[Math.floor(random() * letters.length)];
  const mistake = Math.floor(random() * 4);
  let typo: string;
  if (mistake === 0) {
    const replacement = 'aeioulnrst'.replace(local[index], '')[Math.floor(random() * 9)];
    typo = local.slice(0, index) + replacement + local.slice(index + 1);
  } else if (mistake === 1 && local.length > 4) typo = local.slice(0, index) + local.slice(index + 1);
  else if (mistake === 2) typo = local.slice(0, index) + local[index] + local.slice(index);
  else if (index + 1 < local.length && local[index + 1] !== local[index]) {
    typo = local.slice(0, index) + local[index + 1] + local[index] + local.slice(index + 2);
  } else typo = local.slice(0, index) + local[index] + local.slice(index);
  return `${typo}@${domain}`;
}

/** The same Gmail mailbox written another way: dots moved or dropped, a plus tag, or googlemail.com. */
function gmailVariantOf(address: string, random: () => number): string {
  const [local] = address.split('@');
  const bare = local.replace(/\./g, '');
  switch (Math.floor(random() * 3)) {
    case 0:
      return `${bare}@gmail.com`;
    case 1:
      return `${local}+shop@gmail.com`;
    default:
      return `${bare.slice(0, 2)}.${bare.slice(2)}@googlemail.com`;
  }
}

/** Another person's address one character away: a digit of the number or one letter of the name changed. */
function lookAlikeOf(address: string, random: () => number): string {
  const [local, domain] = address.split('@');
  const digits = [...local].map((char, index) => ({ char, index })).filter(({ char }) => /\d/.test(char));
  if (digits.length > 0) {
    const { char, index } = digits[Math.floor(random() * digits.length)];
    const other = String((Number(char) + 1 + Math.floor(random() * 9)) % 10);
    return `${local.slice(0, index)}${other}${local.slice(index + 1)}@${domain}`;
  }
  const vowel = [...local].findIndex((char) => 'aeiou'.includes(char));
  const replaced = 'aeiou'.replace(local[vowel], '')[Math.floor(random() * 4)];
  return `${local.slice(0, vowel)}${replaced}${local.slice(vowel + 1)}@${domain}`;
}

/** The ways one US number gets written (the +1 555 range is fictional). */
function writtenUs(e164: string, random: () => number): WrittenPhone {
  const [area, exchange, line] = [e164.slice(2, 5), e164.slice(5, 8), e164.slice(8)];
  const forms: WrittenPhone[] = [
    { text: e164 },
    { text: `+1 ${area} ${exchange} ${line}` },
    { text: `+1-${area}-${exchange}-${line}` },
    { text: `001 ${area} ${exchange} ${line}` },
    { text: `(${area}) ${exchange}-${line}`, country: 'US' },
    { text: `${area}.${exchange}.${line}`, country: 'US' },
    { text: `${area}${exchange}${line}`, country: 'US' },
  ];
  return forms[Math.floor(random() * forms.length)];
}

/** A German landline: +49 30 (Berlin) and seven digits, written nationally or internationally. */
function writtenGermanLandline(e164: string, random: () => number): WrittenPhone {
  const national = e164.slice(3);
  const forms: WrittenPhone[] = [
    { text: `0${national.slice(0, 2)} ${national.slice(2)}`, country: 'DE' },
    { text: `+49 ${national.slice(0, 2)} ${national.slice(2)}` },
    { text: `0049${national}` },
    { text: `0${national.slice(0, 2)}-${national.slice(2, 5)}-${national.slice(5)}`, country: 'DE' },
  ];
  return forms[Math.floor(random() * forms.length)];
}

type Kind =
  | 'whatsapp_only'
  | 'whatsapp_and_sms'
  | 'email_phone_edited'
  | 'email_typo'
  | 'gmail_variant'
  | 'household'
  | 'look_alike_pair'
  | 'identify_then_whatsapp'
  | 'reordered_name'
  | 'nickname'
  | 'family_email'
  | 'switchboard'
  | 'changed_number';

/** How many people of each kind per 100 (households, pairs and offices count each of their people). */
const MIX: [Kind, number][] = [
  ['whatsapp_only', 14],
  ['whatsapp_and_sms', 8],
  ['email_phone_edited', 16],
  ['email_typo', 10],
  ['gmail_variant', 8],
  ['household', 8],
  ['look_alike_pair', 12],
  ['identify_then_whatsapp', 6],
  ['reordered_name', 5],
  ['nickname', 4],
  ['family_email', 4],
  ['switchboard', 3],
  ['changed_number', 2],
];

/** A population of about `size` people (a household or an office is added whole). */
export function generatePopulation(size: number, seed = 16): Population {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const deliveries: Delivery[] = [];
  const edits: Edit[] = [];
  const households: Household[] = [];
  const kinds: Record<string, number> = {};
  const kindOfPerson = new Map<number, string>();
  const used = new Set<string>();
  let serial = 0;
  const next = (): number => (serial += 1);

  /** A number nobody else in the population has. */
  const uniqueValue = (make: () => string): string => {
    for (;;) {
      const value = make();
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  };
  const usMobile = (): string =>
    uniqueValue(() => `+1555${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`);
  const germanLandline = (): string =>
    uniqueValue(() => `+4930${String(2_000_000 + Math.floor(random() * 7_000_000))}`);
  const personKeys = new Set<string>();
  /** An address unique in the population, and nobody else's by `personKeyOf`. */
  const uniqueAddress = (make: () => string): string => {
    for (;;) {
      const address = make();
      const key = personKeyOf(address);
      if (used.has(address) || personKeys.has(key)) continue;
      used.add(address);
      personKeys.add(key);
      return address;
    }
  };
  /** `given.family<nn>@domain`. */
  const emailOf = (given: string, family: string, domain = pick(DOMAINS)): string =>
    uniqueAddress(
      () => `${asciiWord(given)}${pick(['.', '', '_'])}${asciiWord(family)}${Math.floor(random() * 100)}@${domain}`,
    );

  let person = 0;
  const newPerson = (): { id: number; given: string; family: string; name: string } => {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    person += 1;
    return { id: person, given, family, name: `${given} ${family}` };
  };
  const whatsapp = (id: number, phone: string, profileName: string): void =>
    void deliveries.push({ kind: 'whatsapp', person: id, waId: phone.slice(1), profileName, serial: next() });
  const sms = (id: number, phone: string): void =>
    void deliveries.push({ kind: 'sms', person: id, from: phone, serial: next() });
  const email = (id: number, address: string, displayName: string): void => {
    personKeys.add(personKeyOf(address));
    deliveries.push({ kind: 'email', person: id, from: address, displayName, serial: next() });
  };

  const add: Record<Kind, () => void> = {
    whatsapp_only: () => {
      const p = newPerson();
      whatsapp(p.id, usMobile(), p.name);
    },
    whatsapp_and_sms: () => {
      const p = newPerson();
      const phone = usMobile();
      whatsapp(p.id, phone, p.name);
      sms(p.id, phone);
    },
    // The missed exact evidence: an agent writes the phone on the email profile, the phone writes in too.
    email_phone_edited: () => {
      const p = newPerson();
      const phone = usMobile();
      const address = emailOf(p.given, p.family);
      email(p.id, address, p.name);
      if (random() < 0.5) whatsapp(p.id, phone, p.name);
      else sms(p.id, phone);
      edits.push({
        kind: 'patch',
        person: p.id,
        target: { channel: 'email', address },
        phones: [writtenUs(phone, random)],
      });
    },
    email_typo: () => {
      const p = newPerson();
      const address = emailOf(p.given, p.family);
      email(p.id, address, p.name);
      email(
        p.id,
        uniqueAddress(() => typoOf(address, random)),
        p.name,
      );
    },
    gmail_variant: () => {
      const p = newPerson();
      const address = emailOf(p.given, p.family, 'gmail.com');
      email(p.id, address, p.name);
      email(
        p.id,
        uniqueValue(() => gmailVariantOf(address, random)),
        p.name,
      );
    },
    // Two members of one family share the landline an agent writes on both profiles; their loyalty cards differ.
    household: () => {
      const family = pick(FAMILY);
      const landline = germanLandline();
      const members = [newPerson(), newPerson()].map((p) => ({ ...p, family, name: `${p.given} ${family}` }));
      for (const member of members) {
        const address = emailOf(member.given, family);
        email(member.id, address, member.name);
        edits.push({
          kind: 'patch',
          person: member.id,
          target: { channel: 'email', address },
          member: true,
          phones: [writtenGermanLandline(landline, random)],
          loyaltyCard: uniqueValue(() => `LC${String(Math.floor(random() * 1e8)).padStart(8, '0')}`),
        });
      }
      households.push({ persons: [members[0].id, members[1].id] });
    },
    // The noise: `…20@` and `…80@`, or one letter apart, and two different names.
    look_alike_pair: () => {
      const first = newPerson();
      const address = emailOf(first.given, first.family, 'gmail.com');
      const second = newPerson();
      const otherGiven = pick(GIVEN.filter((given) => given !== first.given));
      email(first.id, address, first.name);
      email(
        second.id,
        uniqueAddress(() => lookAlikeOf(address, random)),
        `${otherGiven} ${second.family}`,
      );
    },
    // A shop identifies the customer by phone (written nationally) and email; later the phone writes on WhatsApp.
    identify_then_whatsapp: () => {
      const p = newPerson();
      const phone = usMobile();
      const address = emailOf(p.given, p.family);
      edits.push({
        kind: 'identify',
        person: p.id,
        requestId: `identify-${seed}-${size}-${p.id}`,
        phone: writtenUs(phone, random),
        email: address,
        name: p.name,
      });
      whatsapp(p.id, phone, p.given);
    },
    // "Müller, José" on WhatsApp, "Jose Muller" by email; the agent links the phone.
    reordered_name: () => {
      const p = newPerson();
      const phone = usMobile();
      const address = emailOf(p.given, p.family);
      whatsapp(p.id, phone, `${p.family}, ${p.given}`);
      email(p.id, address, `${asciiWord(p.given)} ${asciiWord(p.family)}`);
      edits.push({ kind: 'patch', person: p.id, target: { channel: 'whatsapp', address: phone }, emails: [address] });
    },
    // Dan on WhatsApp (the agent adds his email), Daniel by email, and a second email with a typo.
    nickname: () => {
      const p = newPerson();
      const given = pick(Object.keys(NICKNAMES));
      const address = emailOf(given, p.family);
      const phone = usMobile();
      whatsapp(p.id, phone, `${NICKNAMES[given]} ${p.family}`);
      email(p.id, address, `${given} ${p.family}`);
      email(
        p.id,
        uniqueAddress(() => typoOf(address, random)),
        `${given} ${p.family}`,
      );
      edits.push({ kind: 'patch', person: p.id, target: { channel: 'whatsapp', address: phone }, emails: [address] });
    },
    // Parent and child each write from their own phone; agents note the family's shared email on both profiles.
    family_email: () => {
      const family = pick(FAMILY);
      const shared = emailOf('family', family);
      for (const member of [newPerson(), newPerson()]) {
        const phone = usMobile();
        sms(member.id, phone);
        edits.push({
          kind: 'patch',
          person: member.id,
          target: { channel: 'sms', address: phone },
          name: `${member.given} ${family}`,
          emails: [shared],
        });
      }
    },
    // Eight people of one office: agents write the office switchboard on each profile (a shared contact).
    switchboard: () => {
      const switchboard = usMobile();
      for (let index = 0; index < 8; index += 1) {
        const p = newPerson();
        const phone = usMobile();
        whatsapp(p.id, phone, p.name);
        edits.push({
          kind: 'patch',
          person: p.id,
          target: { channel: 'whatsapp', address: phone },
          phones: [writtenUs(switchboard, random)],
        });
      }
    },
    // A new number: WhatsApp from the old one, SMS from the new one, which an agent adds to the profile.
    changed_number: () => {
      const p = newPerson();
      const old = usMobile();
      const next = usMobile();
      whatsapp(p.id, old, p.name);
      sms(p.id, next);
      edits.push({
        kind: 'patch',
        person: p.id,
        target: { channel: 'whatsapp', address: old },
        phones: [writtenUs(next, random)],
      });
    },
  };

  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  while (person < size) {
    let draw = random() * total;
    const [kind] = MIX.find(([, weight]) => (draw -= weight) < 0) ?? MIX[0];
    const before = person;
    add[kind]();
    kinds[kind] = (kinds[kind] ?? 0) + person - before;
    for (let id = before + 1; id <= person; id += 1) kindOfPerson.set(id, kind);
  }
  return { persons: person, deliveries: shuffle(deliveries, random), edits, households, kinds, kindOfPerson };
}

/** Deliveries arrive in no particular order (Fisher–Yates with the population's generator). */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}
