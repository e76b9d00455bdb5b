import { MalformedPayloadError } from '../errors.js';
import { parseTwilioWebhook } from './twilio-webhook.js';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const sid = 'SM0123456789abcdef0123456789abcdef';

const sms = {
  ToCountry: 'US',
  ToState: 'CA',
  SmsMessageSid: sid,
  NumMedia: '0',
  ToCity: 'SAN FRANCISCO',
  FromZip: '94025',
  SmsSid: sid,
  FromState: 'CA',
  SmsStatus: 'received',
  FromCity: 'MENLO PARK',
  Body: 'Is my order ready?',
  FromCountry: 'US',
  To: '+15557654321',
  MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
  NumSegments: '1',
  MessageSid: sid,
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+16505551234',
  ApiVersion: '2010-04-01',
};

describe('parseTwilioWebhook', () => {
  it('reads an SMS and keeps the parameters it does not map', () => {
    expect(parseTwilioWebhook(sms, receivedAt)).toEqual({
      type: 'message',
      channelKind: 'sms',
      externalId: sid,
      from: { address: '+16505551234' },
      to: '+15557654321',
      text: 'Is my order ready?',
      attachments: [],
      messageType: 'text',
      sentAt: '2026-03-01T12:00:00.000Z',
      raw: {
        ToCountry: 'US',
        ToState: 'CA',
        SmsMessageSid: sid,
        ToCity: 'SAN FRANCISCO',
        FromZip: '94025',
        SmsSid: sid,
        FromState: 'CA',
        SmsStatus: 'received',
        FromCity: 'MENLO PARK',
        FromCountry: 'US',
        MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
        NumSegments: '1',
        AccountSid: 'AC0123456789abcdef0123456789abcdef',
        ApiVersion: '2010-04-01',
      },
    });
  });

  it('reads an MMS with several media and no body', () => {
    const mms = {
      ...sms,
      MessageSid: 'MM0123456789abcdef0123456789abcdef',
      Body: '',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
      MediaContentType1: 'video/mp4',
    };
    const parsed = parseTwilioWebhook(mms, receivedAt);
    expect(parsed).toMatchObject({
      externalId: 'MM0123456789abcdef0123456789abcdef',
      messageType: 'media',
      attachments: [
        { url: mms.MediaUrl0, contentType: 'image/jpeg' },
        { url: mms.MediaUrl1, contentType: 'video/mp4' },
      ],
    });
    expect(parsed.text).toBeUndefined();
    expect(Object.keys(parsed.raw ?? {}).filter((name) => name.startsWith('Media'))).toEqual([]);
  });

  it('reads a WhatsApp message through Twilio', () => {
    const whatsapp = {
      ...sms,
      From: 'whatsapp:+5511987654321',
      To: 'whatsapp:+15557654321',
      ProfileName: 'Sheena Nelson',
      WaId: '5511987654321',
      MessageType: 'text',
      OriginalRepliedMessageSid: 'SMfedcba9876543210fedcba9876543210',
    };
    expect(parseTwilioWebhook(whatsapp, receivedAt)).toMatchObject({
      channelKind: 'whatsapp',
      from: { address: 'whatsapp:+5511987654321', name: 'Sheena Nelson' },
      to: 'whatsapp:+15557654321',
      messageType: 'text',
      replyTo: 'SMfedcba9876543210fedcba9876543210',
      raw: { WaId: '5511987654321' },
    });
  });

  it.each([
    [
      'location',
      { MessageType: 'location', Latitude: '37.4847', Longitude: '-122.1473', Label: 'Philz', Address: '101 Forest' },
      { location: { latitude: 37.4847, longitude: -122.1473, name: 'Philz', address: '101 Forest' } },
    ],
    [
      'button',
      { MessageType: 'button', ButtonText: 'Stop promotions', ButtonPayload: 'STOP', Body: 'Stop promotions' },
      { choice: { id: 'STOP', title: 'Stop promotions' }, text: 'Stop promotions' },
    ],
  ])('reads a WhatsApp %s message through Twilio', (_type, extra, expected) => {
    const parsed = parseTwilioWebhook({ ...sms, From: 'whatsapp:+16505551234', ...extra }, receivedAt);
    expect(parsed).toMatchObject(expected);
    expect(Object.keys(parsed.raw ?? {})).not.toEqual(expect.arrayContaining(Object.keys(extra)));
  });

  it('ignores coordinates that are not numbers', () => {
    expect(parseTwilioWebhook({ ...sms, Latitude: 'north', Longitude: '1' }, receivedAt).location).toBeUndefined();
  });

  it('dates the message when it arrived, Twilio sending no time', () => {
    const arrived = new Date('2026-03-04T05:06:07.000Z');
    expect(parseTwilioWebhook(sms, arrived).sentAt).toBe('2026-03-04T05:06:07.000Z');
  });

  it.each<[string, Record<string, string>]>([
    ['no MessageSid', { ...sms, MessageSid: '' }],
    ['MessageSid of a call', { ...sms, MessageSid: 'CA0123456789abcdef0123456789abcdef' }],
    ['MessageSid too short', { ...sms, MessageSid: 'SM0123456789abcdef' }],
    ['MessageSid too long', { ...sms, MessageSid: `${sid}0` }],
    ['MessageSid not hex', { ...sms, MessageSid: 'SM0123456789abcdef0123456789abcdeg' }],
    ['no From', { ...sms, From: '' }],
    ['NumMedia not a number', { ...sms, NumMedia: 'two' }],
    ['NumMedia without MediaUrl', { ...sms, NumMedia: '1' }],
    [
      'fewer MediaUrls than NumMedia',
      { ...sms, NumMedia: '2', MediaUrl0: 'https://x/0', MediaContentType0: 'image/png' },
    ],
  ])('refuses %s', (_case, params) => {
    expect(() => parseTwilioWebhook(params, receivedAt)).toThrow(MalformedPayloadError);
  });

  it('refuses parameters without MessageSid or From at all', () => {
    const { MessageSid: _sid, ...withoutSid } = sms;
    const { From: _from, ...withoutFrom } = sms;
    expect(() => parseTwilioWebhook(withoutSid, receivedAt)).toThrow(MalformedPayloadError);
    expect(() => parseTwilioWebhook(withoutFrom, receivedAt)).toThrow(MalformedPayloadError);
  });
});
