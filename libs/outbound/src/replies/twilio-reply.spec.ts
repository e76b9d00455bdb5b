import { describe, expect, it } from '@jest/globals';
import type { ProviderAnswer } from '../provider-http.js';
import { readTwilioAnswer, twilioRequest } from './twilio-reply.js';

const sid = `AC${'1'.repeat(32)}`;
const endpoint = { apiUrl: 'http://127.0.0.1:4020', accountSid: sid, authToken: 'secret-token' };

describe('twilioRequest', () => {
  it('posts the form to the account’s Messages resource with basic auth', () => {
    const request = twilioRequest(endpoint, {
      from: '+15550100000',
      to: '+15550100123',
      text: 'Hi',
      mediaUrls: ['https://f.example/a.jpg', 'https://f.example/b.jpg'],
      statusCallback: 'https://contact.example/webhooks/twilio/c1/status',
    });
    expect(request.url).toBe(`http://127.0.0.1:4020/2010-04-01/Accounts/${sid}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${sid}:secret-token`).toString('base64')}`);
    const form = new URLSearchParams(request.body);
    expect(form.get('To')).toBe('+15550100123');
    expect(form.get('From')).toBe('+15550100000');
    expect(form.get('Body')).toBe('Hi');
    expect(form.getAll('MediaUrl')).toEqual(['https://f.example/a.jpg', 'https://f.example/b.jpg']);
    expect(form.get('StatusCallback')).toBe('https://contact.example/webhooks/twilio/c1/status');
  });
});

describe('readTwilioAnswer', () => {
  const answer = (statusCode: number, json: unknown, retryAfter?: string): ProviderAnswer => ({
    statusCode,
    json,
    text: JSON.stringify(json),
    ...(retryAfter ? { retryAfter } : {}),
  });

  it.each<[string, ProviderAnswer, object]>([
    ['a created message', answer(201, { sid: 'SM1', status: 'queued' }), { statusCode: 201, providerId: 'SM1' }],
    [
      'an invalid number',
      answer(400, { code: 21211, message: "The 'To' number is not valid." }),
      { statusCode: 400, error: "21211: The 'To' number is not valid.", errorCode: '21211' },
    ],
    [
      'too many requests',
      answer(429, { code: 20429, message: 'Too Many Requests' }, '2'),
      { statusCode: 429, retryAfter: '2', error: '20429: Too Many Requests', errorCode: '20429' },
    ],
    ['a 500 without JSON', { statusCode: 500, text: 'oops' }, { statusCode: 500, error: 'oops' }],
  ])('%s', (_case, providerAnswer, result) => {
    expect(readTwilioAnswer(providerAnswer)).toEqual(result);
  });
});
