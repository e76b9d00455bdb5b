import twilio from 'twilio';
import { withTwilioConnectionOverrides } from './twilio-connection-overrides.js';
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

describe('verifyTwilioSignature of a URL handed out with connection overrides', () => {
  // What Twilio was given (the channel's webhook URL, a reply's StatusCallback), and what its request reaches.
  const received = 'https://cc.example/webhooks/twilio/65f0a1b2c3d4e5f601234567';
  const handedOut = withTwilioConnectionOverrides(received);

  it.each([
    ['signed over the URL without its fragment (as Twilio sends it)', received],
    ['signed over the URL with the overrides we handed out', handedOut],
    ['signed over the status callback with its overrides', withTwilioConnectionOverrides(`${received}/status`)],
  ])('accepts one %s', (_case, signedUrl) => {
    const requestUrl = signedUrl.split('#')[0];
    const header = twilio.getExpectedTwilioSignature('auth-token', signedUrl, inboundSms);
    expect(verifyTwilioSignature('auth-token', requestUrl, inboundSms, header)).toBe(true);
  });

  it.each([
    ['other overrides than ours', `${received}#rc=1`],
    ['the overrides of another URL', withTwilioConnectionOverrides(`${received}/status`)],
  ])('refuses one signed over %s', (_case, signedUrl) => {
    const header = twilio.getExpectedTwilioSignature('auth-token', signedUrl, inboundSms);
    expect(verifyTwilioSignature('auth-token', received, inboundSms, header)).toBe(false);
  });

  it('refuses a fragment-signed request under another token', () => {
    const header = twilio.getExpectedTwilioSignature('other-token', handedOut, inboundSms);
    expect(verifyTwilioSignature('auth-token', received, inboundSms, header)).toBe(false);
  });
});
