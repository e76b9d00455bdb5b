import type { CustomerKind } from '@app/domain';

/**
 * The demo tenant's story: who wrote in, on which channel, what agents typed on their profiles, and the one
 * suggestion an agent already accepted. Plain data; DemoStoryService plays it through the product's own inbound path.
 *
 * What it makes (DOMAIN §1–§4 in twelve people):
 * - Maria Silva emails about order 4711 and answers in the same thread; an agent typed her Brazilian mobile on her
 *   profile, and a WhatsApp message from that number ("Maria S.") is an open suggestion (identity matches contact).
 * - Emma Johnson writes from emma.johnson@gmail.com and from emmajohnson@gmail.com: one Gmail mailbox, an open
 *   suggestion (similar email).
 * - Linh and Minh Nguyen, loyalty members with cards of their own, share their household landline: the phone matches
 *   but the merge is blocked by the unique-identifier guard (different loyalty cards), which says why.
 * - Daniel Okafor texted first and emailed later; the agent had typed his email on his SMS profile, and accepted the
 *   suggestion: one merge done, the older SMS profile kept.
 * - Ana Costa, Fatima Zahra, Tom Becker, Priya Raman and Kenji Watanabe simply wrote in.
 */

export type DemoDelivery =
  | { channel: 'whatsapp'; id: string; waId: string; profileName: string; text: string; minutesAgo: number }
  | { channel: 'sms'; id: string; from: string; text: string; minutesAgo: number }
  | {
      channel: 'email';
      id: string;
      from: string;
      subject: string;
      text: string;
      minutesAgo: number;
      /** The Message-ID (without brackets) of the demo email this one answers. */
      inReplyTo?: string;
    };

/** A sender as the product knows them: the channel of one of their deliveries and its address. */
export interface DemoSender {
  channel: DemoDelivery['channel'];
  address: string;
}

/** What an agent typed on a profile, found by one of its identities. */
export interface DemoEdit {
  customer: DemoSender;
  name?: string;
  kind?: CustomerKind;
  phones?: { value: string; display: string }[];
  emails?: string[];
  loyaltyCard?: string;
}

const HOUR = 60;
const DAY = 24 * HOUR;

export const DEMO_DELIVERIES: DemoDelivery[] = [
  {
    channel: 'sms',
    id: 'SM5e1d0c0a9b8f4e7d6c5b4a3928171601',
    from: '+14155550132',
    text: 'Hi, this is Daniel. My card was charged twice for order 5188, can you check?',
    minutesAgo: 6 * DAY,
  },
  {
    channel: 'email',
    id: 'order-4711.1@mail.example.com',
    from: 'Maria Silva <maria.silva@example.com>',
    subject: 'Order 4711 has not arrived',
    text: 'Hello, I ordered a rain jacket on the 2nd (order 4711) and the tracking has not moved for a week. Maria',
    minutesAgo: 5 * DAY,
  },
  {
    channel: 'email',
    id: 'linh-address.1@mail.example.com',
    from: 'Linh Nguyen <linh.nguyen@example.com>',
    subject: 'New address for my loyalty account',
    text: 'We moved! Please send my loyalty card statements to 88 Orchard Street, New York, NY 10002. Thanks, Linh',
    minutesAgo: 4 * DAY,
  },
  {
    channel: 'email',
    id: 'daniel-5188.1@mail.example.com',
    from: 'Daniel Okafor <daniel.okafor@example.com>',
    subject: 'Double charge on order 5188',
    text: 'Following up on my text: attached is the bank statement line showing both charges of $84.90.',
    minutesAgo: 4 * DAY - 3 * HOUR,
  },
  {
    channel: 'sms',
    id: 'SM5e1d0c0a9b8f4e7d6c5b4a3928171602',
    from: '+12125550199',
    text: 'Can I use my loyalty points on the website or only in store?',
    minutesAgo: 3 * DAY,
  },
  {
    channel: 'email',
    id: 'order-4711.2@mail.example.com',
    from: 'Maria Silva <maria.silva@example.com>',
    subject: 'Re: Order 4711 has not arrived',
    text: 'Any news? I am travelling on Friday and would love to take the jacket with me.',
    minutesAgo: 3 * DAY - 5 * HOUR,
    inReplyTo: 'order-4711.1@mail.example.com',
  },
  {
    channel: 'email',
    id: 'emma-giftcard.1@mail.example.com',
    from: 'Emma Johnson <emma.johnson@gmail.com>',
    subject: 'Gift card balance',
    text: 'Hi! How can I check the balance of the gift card my sister gave me? The number starts with 6006.',
    minutesAgo: 2 * DAY,
  },
  {
    channel: 'whatsapp',
    id: 'wamid.HBgNNTUyMTk5ODc2NTQzMhUCABIYFDNBMDFERU1PQU5BQ09TVEEwMQA=',
    waId: '5521998765432',
    profileName: 'Ana Costa',
    text: 'Oi! Vocês têm a jaqueta corta-vento em tamanho M?',
    minutesAgo: 2 * DAY - 2 * HOUR,
  },
  {
    channel: 'sms',
    id: 'SM5e1d0c0a9b8f4e7d6c5b4a3928171603',
    from: '+13125550177',
    text: 'Is the Lincoln Park store open on Sunday?',
    minutesAgo: DAY + 4 * HOUR,
  },
  {
    channel: 'email',
    id: 'priya-return.1@mail.example.com',
    from: 'Priya Raman <priya.raman@example.com>',
    subject: 'Return label for order 6021',
    text: 'The boots are a size too small. Could you send me a return label? Order 6021.',
    minutesAgo: DAY,
  },
  {
    channel: 'whatsapp',
    id: 'wamid.HBgMMjEyNjEyMzQ1Njc4FQIAEhgUM0EwMURFTU9GQVRJTUFaQUhSQTAxAA==',
    waId: '212612345678',
    profileName: 'Fatima Zahra',
    text: 'Bonjour, do you ship to Casablanca? How long does it take?',
    minutesAgo: 20 * HOUR,
  },
  {
    channel: 'email',
    id: 'kenji-invoice.1@mail.example.jp',
    from: 'Kenji Watanabe <kenji.watanabe@example.jp>',
    subject: 'Invoice for our team order',
    text: 'Could you issue one invoice for the 12 jackets our team ordered, addressed to Watanabe Design KK?',
    minutesAgo: 9 * HOUR,
  },
  {
    channel: 'email',
    id: 'emma-giftcard.2@mail.example.com',
    from: 'Emma Johnson <emmajohnson@gmail.com>',
    subject: 'Gift card balance (again)',
    text: 'Sorry, writing from my phone this time: the gift card number is 6006 4921 0033 7710.',
    minutesAgo: 5 * HOUR,
  },
  {
    channel: 'whatsapp',
    id: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMDFERU1PTUFSSUFTSUxWQTAxAA==',
    waId: '5511987654321',
    profileName: 'Maria S.',
    text: 'Oi, é a Maria! O pedido 4711 chegou hoje, obrigada 😊',
    minutesAgo: 40,
  },
];

/** The landline the Nguyen household shares: on both profiles, granting access to neither. */
const NGUYEN_LANDLINE = { value: '+12125550147', display: '+1 212-555-0147' };

export const DEMO_EDITS: DemoEdit[] = [
  {
    customer: { channel: 'email', address: 'maria.silva@example.com' },
    phones: [{ value: '+5511987654321', display: '+55 11 98765-4321' }],
  },
  {
    customer: { channel: 'sms', address: '+14155550132' },
    name: 'Daniel Okafor',
    emails: ['daniel.okafor@example.com'],
  },
  {
    customer: { channel: 'email', address: 'linh.nguyen@example.com' },
    kind: 'member',
    phones: [NGUYEN_LANDLINE],
    loyaltyCard: 'LC-4417-0032',
  },
  {
    customer: { channel: 'sms', address: '+12125550199' },
    name: 'Minh Nguyen',
    kind: 'member',
    phones: [NGUYEN_LANDLINE],
    loyaltyCard: 'LC-4417-0089',
  },
  { customer: { channel: 'sms', address: '+13125550177' }, name: 'Tom Becker' },
];

/** The suggestion the demo agent accepted: Daniel's email profile merged into his older SMS one. */
export const DEMO_ACCEPTED_MERGE: { survivor: DemoSender; victim: DemoSender } = {
  survivor: { channel: 'sms', address: '+14155550132' },
  victim: { channel: 'email', address: 'daniel.okafor@example.com' },
};
