import { readFileSync } from 'node:fs';
import { MalformedPayloadError } from '../errors.js';
import type { InboundMessage } from '../inbound-message.js';
import { parseWhatsappWebhook } from './whatsapp-webhook.js';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Json;
}

function webhook(...entries: Json[][]): Json {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((changes, index) => ({ id: `waba-${index}`, changes })),
  };
}

function messagesChange(phoneNumberId: string, value: Json): Json {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
      ...value,
    },
  };
}

function message(id: string, type: string, content: Json = {}): Json {
  return { from: '16505551234', id, timestamp: '1749416383', type, ...content };
}

function onlyMessage(content: Json, contacts: Json[] = []): InboundMessage {
  const {
    events: [event],
  } = parseWhatsappWebhook(webhook([messagesChange('pn-1', { contacts, messages: [content] })]), 'pn-1');
  if (event.type !== 'message') throw new Error('expected a message');
  return event;
}

const sentAt = '2025-06-08T20:59:43.000Z';

describe('parseWhatsappWebhook', () => {
  it('reads the text message sample', () => {
    expect(parseWhatsappWebhook(fixture('whatsapp-text.json'), '106540352242922')).toEqual({
      otherPhoneNumberIds: [],
      events: [
        {
          type: 'message',
          channelKind: 'whatsapp',
          externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
          from: { address: '16505551234', name: 'Sheena Nelson' },
          text: 'Does it come in another color?',
          attachments: [],
          messageType: 'text',
          sentAt,
          raw: {
            from: '16505551234',
            id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
            timestamp: '1749416383',
            type: 'text',
            text: { body: 'Does it come in another color?' },
          },
        },
      ],
    });
  });

  it('reads the status sample', () => {
    expect(parseWhatsappWebhook(fixture('whatsapp-status.json'), '106540352242922')).toEqual({
      otherPhoneNumberIds: [],
      events: [
        {
          type: 'status',
          channelKind: 'whatsapp',
          externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA',
          status: 'delivered',
          at: '2025-06-08T20:59:50.000Z',
          recipient: '16505551234',
        },
      ],
    });
  });

  it.each<[string, Json, Partial<InboundMessage>]>([
    [
      'image',
      { image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'c2hh', caption: 'Like this one' } },
      {
        text: 'Like this one',
        attachments: [{ providerMediaId: 'media-1', contentType: 'image/jpeg', sha256: 'c2hh' }],
      },
    ],
    [
      'image',
      { image: { id: 'media-1', mime_type: 'image/png', sha256: 'c2hh', url: 'https://lookaside.example/m1' } },
      {
        attachments: [
          { providerMediaId: 'media-1', contentType: 'image/png', sha256: 'c2hh', url: 'https://lookaside.example/m1' },
        ],
      },
    ],
    [
      'video',
      { video: { id: 'media-2', mime_type: 'video/mp4', sha256: 'dmlk', caption: 'Unboxing' } },
      { text: 'Unboxing', attachments: [{ providerMediaId: 'media-2', contentType: 'video/mp4', sha256: 'dmlk' }] },
    ],
    [
      'audio',
      { audio: { id: 'media-3', mime_type: 'audio/ogg; codecs=opus', sha256: 'YXVk', voice: true } },
      { attachments: [{ providerMediaId: 'media-3', contentType: 'audio/ogg; codecs=opus', sha256: 'YXVk' }] },
    ],
    [
      'document',
      {
        document: {
          id: 'media-4',
          mime_type: 'application/pdf',
          sha256: 'ZG9j',
          filename: 'invoice.pdf',
          caption: 'Bill',
        },
      },
      {
        text: 'Bill',
        attachments: [
          { providerMediaId: 'media-4', contentType: 'application/pdf', sha256: 'ZG9j', name: 'invoice.pdf' },
        ],
      },
    ],
    [
      'sticker',
      { sticker: { id: 'media-5', mime_type: 'image/webp', sha256: 'c3Rp', animated: false } },
      { attachments: [{ providerMediaId: 'media-5', contentType: 'image/webp', sha256: 'c3Rp' }] },
    ],
    [
      'sticker',
      { sticker: { id: 'media-6' } },
      { attachments: [{ providerMediaId: 'media-6', contentType: 'application/octet-stream' }] },
    ],
    [
      'location',
      { location: { latitude: 37.4847, longitude: -122.1473, name: 'Philz Coffee', address: '101 Forest Ave' } },
      { location: { latitude: 37.4847, longitude: -122.1473, name: 'Philz Coffee', address: '101 Forest Ave' } },
    ],
    ['location', { location: { latitude: 0, longitude: 0 } }, { location: { latitude: 0, longitude: 0 } }],
    [
      'contacts',
      { contacts: [{ name: { formatted_name: 'Ann Lee' }, phones: [{ phone: '+1 555 0100', wa_id: '15550100' }] }] },
      { contacts: [{ name: { formatted_name: 'Ann Lee' }, phones: [{ phone: '+1 555 0100', wa_id: '15550100' }] }] },
    ],
    [
      'interactive',
      { interactive: { type: 'button_reply', button_reply: { id: 'track-order', title: 'Track my order' } } },
      { text: 'Track my order', choice: { id: 'track-order', title: 'Track my order' } },
    ],
    [
      'interactive',
      {
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'size-m', title: 'Medium', description: 'Fits 38-40' },
        },
      },
      { text: 'Medium', choice: { id: 'size-m', title: 'Medium', description: 'Fits 38-40' } },
    ],
    [
      'interactive',
      { interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{}' } } },
      {},
    ],
    [
      'button',
      { button: { payload: 'STOP_PROMOTIONS', text: 'Stop promotions' } },
      { text: 'Stop promotions', choice: { id: 'STOP_PROMOTIONS', title: 'Stop promotions' } },
    ],
    [
      'reaction',
      { reaction: { message_id: 'wamid.OUTBOUND', emoji: '\u{1F44D}' } },
      { reaction: { emoji: '\u{1F44D}', messageExternalId: 'wamid.OUTBOUND' } },
    ],
    [
      'reaction',
      { reaction: { message_id: 'wamid.OUTBOUND' } },
      { reaction: { emoji: '', messageExternalId: 'wamid.OUTBOUND' } },
    ],
    [
      'system',
      {
        system: {
          body: 'User Sheena Nelson changed from 16505551234 to 16505559999',
          wa_id: '16505559999',
          type: 'user_changed_number',
        },
      },
      {
        system: {
          kind: 'user_changed_number',
          newAddress: '16505559999',
          body: 'User Sheena Nelson changed from 16505551234 to 16505559999',
        },
      },
    ],
    [
      'system',
      { system: { body: 'changed', new_wa_id: '16505559999', type: 'user_changed_number' } },
      { system: { kind: 'user_changed_number', newAddress: '16505559999', body: 'changed' } },
    ],
    [
      'unsupported',
      { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }] },
      { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }] },
    ],
    ['order', { order: { catalog_id: 'c1', product_items: [] } }, { attachments: [] }],
  ])('reads a %s message', (type, content, expected) => {
    const parsed = onlyMessage(message('wamid.1', type, content));
    expect(parsed).toMatchObject({ type: 'message', messageType: type, externalId: 'wamid.1', sentAt, ...expected });
    expect([parsed.text, parsed.choice]).toEqual([expected.text, expected.choice]);
    expect(parsed.raw).toEqual(message('wamid.1', type, content));
  });

  it('keeps the id of the message replied to', () => {
    const reply = message('wamid.2', 'text', {
      text: { body: 'Yes' },
      context: { from: '15550783881', id: 'wamid.OUTBOUND' },
    });
    expect(onlyMessage(reply)).toMatchObject({ text: 'Yes', replyTo: 'wamid.OUTBOUND' });
  });

  it('reads every entry, change, message and status of its number, and only names the other numbers', () => {
    const body = webhook(
      [
        messagesChange('pn-1', {
          contacts: [
            { profile: { name: 'Ann' }, wa_id: '16505551234' },
            { profile: { name: 'Bea' }, wa_id: '447911123456' },
          ],
          messages: [
            message('wamid.a1', 'text', { text: { body: 'one' } }),
            message('wamid.a2', 'text', { from: '447911123456', text: { body: 'two' } }),
          ],
          statuses: [{ id: 'wamid.out1', status: 'read', timestamp: '1749416390', recipient_id: '16505551234' }],
        }),
        { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
        messagesChange('pn-2', { messages: [message('wamid.b1', 'text', { text: { body: 'three' } })] }),
      ],
      [
        { field: 'message_template_status_update', value: { event: 'APPROVED' } },
        messagesChange('pn-1', {
          statuses: [
            { id: 'wamid.out2', status: 'sent', timestamp: '1749416390', recipient_id: '447911123456' },
            { id: 'wamid.out3', status: 'deleted', timestamp: '1749416390', recipient_id: '447911123456' },
          ],
        }),
      ],
    );

    const delivery = parseWhatsappWebhook(body, 'pn-1');

    expect(delivery.otherPhoneNumberIds).toEqual(['pn-2']);
    expect(delivery.events.map((event) => [event.type, event.externalId])).toEqual([
      ['message', 'wamid.a1'],
      ['message', 'wamid.a2'],
      ['status', 'wamid.out1'],
      ['status', 'wamid.out2'],
    ]);
    expect(delivery.events.slice(0, 2)).toMatchObject([
      { from: { address: '16505551234', name: 'Ann' }, text: 'one' },
      { from: { address: '447911123456', name: 'Bea' }, text: 'two' },
    ]);
    expect(parseWhatsappWebhook(body, 'pn-2')).toMatchObject({
      otherPhoneNumberIds: ['pn-1'],
      events: [{ externalId: 'wamid.b1', text: 'three', from: { name: undefined } }],
    });
  });

  it("reads its number's changes when another number's change is malformed", () => {
    const body = webhook([
      messagesChange('pn-2', { messages: [{ id: 'wamid.broken' }], statuses: 'read' }),
      messagesChange('pn-1', { messages: [message('wamid.a1', 'text', { text: { body: 'one' } })] }),
    ]);
    const delivery = parseWhatsappWebhook(body, 'pn-1');
    expect(delivery.otherPhoneNumberIds).toEqual(['pn-2']);
    expect(delivery.events).toMatchObject([{ externalId: 'wamid.a1', text: 'one' }]);
    expect(() => parseWhatsappWebhook(body, 'pn-2')).toThrow(MalformedPayloadError);
  });

  it.each<[string, Json, Json[], InboundMessage['from']]>([
    [
      'business-scoped id beside the phone number',
      { from_user_id: 'US.13491208655302741918' },
      [{ profile: { name: 'Ann' }, wa_id: '16505551234', user_id: 'US.13491208655302741918' }],
      { address: '16505551234', providerUserId: 'US.13491208655302741918', name: 'Ann' },
    ],
    [
      'phone number only, user id from the contact',
      {},
      [{ profile: { name: 'Ann' }, wa_id: '16505551234', user_id: 'US.13491208655302741918' }],
      { address: '16505551234', providerUserId: 'US.13491208655302741918', name: 'Ann' },
    ],
    [
      'username user without a phone number, matched by user id',
      { from: undefined, from_user_id: 'US.1' },
      [
        { profile: { name: 'Other' }, user_id: 'US.2' },
        { profile: { name: 'Ann', username: '@ann' }, user_id: 'US.1' },
      ],
      { address: undefined, providerUserId: 'US.1', name: 'Ann' },
    ],
    [
      'sender named nowhere but in the only contact',
      { from: undefined },
      [{ profile: { name: 'Ann' }, user_id: 'US.1' }],
      { address: undefined, providerUserId: 'US.1', name: 'Ann' },
    ],
    [
      'sender named nowhere, several contacts',
      { from: undefined },
      [{ user_id: 'US.1' }, { user_id: 'US.2' }],
      { address: undefined, providerUserId: undefined, name: undefined },
    ],
    ['no contacts', {}, [], { address: '16505551234', providerUserId: undefined, name: undefined }],
    [
      'contact of someone else',
      {},
      [{ profile: { name: 'Bea' }, wa_id: '447911123456' }],
      { address: '16505551234', providerUserId: undefined, name: undefined },
    ],
  ])('identifies the sender: %s', (_case, sender, contacts, expected) => {
    const parsed = onlyMessage(message('wamid.1', 'text', { text: { body: 'hi' }, ...sender }), contacts);
    expect(parsed.from).toEqual(expected);
  });

  it('reads a failed status with its errors and the recipient user id', () => {
    const errors = [{ code: 131047, title: 'Re-engagement message' }];
    const body = webhook([
      messagesChange('pn-1', {
        statuses: [
          {
            id: 'wamid.out',
            status: 'failed',
            timestamp: 1749416390,
            recipient_id: '16505551234',
            recipient_user_id: 'US.1',
            errors,
          },
        ],
      }),
    ]);
    expect(parseWhatsappWebhook(body, 'pn-1').events).toEqual([
      {
        type: 'status',
        channelKind: 'whatsapp',
        externalId: 'wamid.out',
        status: 'failed',
        at: '2025-06-08T20:59:50.000Z',
        recipient: '16505551234',
        recipientUserId: 'US.1',
        errors,
      },
    ]);
  });

  it.each([
    ['no entries', webhook()],
    ['only other fields', webhook([{ field: 'account_update', value: { anything: true } }])],
    ['an entry without changes to messages', webhook([])],
    ['a change of its number with neither messages nor statuses', webhook([messagesChange('pn-1', {})])],
  ])('gives nothing for %s', (_case, body) => {
    expect(parseWhatsappWebhook(body, 'pn-1')).toEqual({ events: [], otherPhoneNumberIds: [] });
  });

  const withMessage = (content: Json): Json => webhook([messagesChange('pn-1', { messages: [content] })]);
  const withStatus = (content: Json): Json => webhook([messagesChange('pn-1', { statuses: [content] })]);
  const validStatus = { id: 'wamid.out', status: 'read', timestamp: '1749416390' };

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'whatsapp_business_account'],
    ['an array', []],
    ['an object of another product', { object: 'page', entry: [] }],
    ['no object field', { entry: [] }],
    ['no entry', { object: 'whatsapp_business_account' }],
    ['entry not an array', { object: 'whatsapp_business_account', entry: {} }],
    ['entry item not an object', { object: 'whatsapp_business_account', entry: ['x'] }],
    ['entry without changes', { object: 'whatsapp_business_account', entry: [{ id: 'waba' }] }],
    ['change not an object', webhook([null as unknown as Json])],
    ['messages change without value', webhook([{ field: 'messages' }])],
    ['messages change without metadata', webhook([{ field: 'messages', value: { messages: [] } }])],
    ['metadata without phone number id', webhook([{ field: 'messages', value: { metadata: {} } }])],
    ['messages not an array', webhook([messagesChange('pn-1', { messages: {} })])],
    ['statuses not an array', webhook([messagesChange('pn-1', { statuses: 'read' })])],
    ['contacts not an array', webhook([messagesChange('pn-1', { contacts: {} })])],
    ['message not an object', withMessage(null as unknown as Json)],
    ['message without id', withMessage({ ...message('x', 'text', { text: { body: 'hi' } }), id: undefined })],
    ['message without type', withMessage({ ...message('wamid.1', 'text', { text: { body: 'hi' } }), type: undefined })],
    [
      'message without timestamp',
      withMessage({ ...message('wamid.1', 'text', { text: { body: 'hi' } }), timestamp: undefined }),
    ],
    [
      'timestamp in milliseconds',
      withMessage(message('wamid.1', 'text', { text: { body: 'hi' }, timestamp: '1749416383000' })),
    ],
    ['timestamp as a date', withMessage(message('wamid.1', 'text', { text: { body: 'hi' }, timestamp: '2025-06-08' }))],
    ['text without body', withMessage(message('wamid.1', 'text', { text: {} }))],
    ['text type without text', withMessage(message('wamid.1', 'text'))],
    ['image type without image', withMessage(message('wamid.1', 'image'))],
    ['location without coordinates', withMessage(message('wamid.1', 'location', { location: { name: 'x' } }))],
    [
      'location with text coordinates',
      withMessage(message('wamid.1', 'location', { location: { latitude: '1', longitude: '2' } })),
    ],
    ['reaction without message id', withMessage(message('wamid.1', 'reaction', { reaction: { emoji: 'x' } }))],
    ['button without text', withMessage(message('wamid.1', 'button', { button: { payload: 'p' } }))],
    [
      'button reply without id',
      withMessage(
        message('wamid.1', 'interactive', { interactive: { type: 'button_reply', button_reply: { title: 't' } } }),
      ),
    ],
    ['system without type', withMessage(message('wamid.1', 'system', { system: { body: 'b' } }))],
    ['status not an object', withStatus('read' as unknown as Json)],
    ['status without id', withStatus({ ...validStatus, id: undefined })],
    ['status without value', withStatus({ ...validStatus, status: undefined })],
    ['status without timestamp', withStatus({ ...validStatus, timestamp: undefined })],
  ])('refuses a malformed body: %s', (_case, body) => {
    expect(() => parseWhatsappWebhook(body, 'pn-1')).toThrow(MalformedPayloadError);
  });
});
