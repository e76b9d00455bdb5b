import twilio from 'twilio';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.js';

// Twilio's documented vector (samples/README.md).
const token = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const vectorSignature = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

const inboundSms = {
  ToCountry: 'US',
  SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
  NumMedia: '0',
  SmsSid: 'SM0123456789abcdef0123456789abcdef',
  SmsStatus: 'received',
  Body: 'Grüße — is my order ready? 👍',
  To: '+15557654321',
  NumSegments: '1',
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+16505551234',
  ApiVersion: '2010-04-01',
};

describe('twilioSignature', () => {
  it('matches the documented vector', () => {
    expect(twilioSignature(token, url, params)).toBe(vectorSignature);
  });

  it.each([
    ['documented vector', token, url, params],
    ['inbound SMS with non-ASCII body', 'auth-token', 'https://cc.example/webhooks/twilio/ch1', inboundSms],
    ['no parameters', 'auth-token', 'https://cc.example/webhooks/twilio/ch1', {}],
    ['empty values', 'auth-token', 'https://cc.example/hook', { Body: '', From: 'whatsapp:+16505551234' }],
    ['keys differing in case', 'auth-token', 'https://cc.example/hook', { body: 'a', Body: 'b', BODY: 'c' }],
  ])('agrees with the twilio package: %s', (_case, authToken, requestUrl, requestParams) => {
    expect(twilioSignature(authToken, requestUrl, requestParams)).toBe(
      twilio.getExpectedTwilioSignature(authToken, requestUrl, requestParams),
    );
  });
});

describe('verifyTwilioSignature', () => {
  it('accepts the documented vector', () => {
    expect(verifyTwilioSignature(token, url, params, vectorSignature)).toBe(true);
  });

  it.each([
    ['wrong token', '54321', url, params, vectorSignature],
    ['other URL', token, 'https://mycompany.com/myapp.php?foo=1&bar=3', params, vectorSignature],
    ['URL without query string', token, 'https://mycompany.com/myapp.php', params, vectorSignature],
    ['changed parameter', token, url, { ...params, Digits: '1235' }, vectorSignature],
    ['added parameter', token, url, { ...params, Extra: '' }, vectorSignature],
    ['missing header', token, url, params, undefined],
    ['empty header', token, url, params, ''],
    ['truncated header', token, url, params, vectorSignature.slice(0, -1)],
    ['header in other case', token, url, params, vectorSignature.toLowerCase()],
    ['empty auth token', '', url, params, twilioSignature('', url, params)],
  ])('refuses: %s', (_case, authToken, requestUrl, requestParams, header) => {
    expect(verifyTwilioSignature(authToken, requestUrl, requestParams, header)).toBe(false);
  });
});
