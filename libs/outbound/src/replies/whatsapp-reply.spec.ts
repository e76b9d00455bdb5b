import { describe, expect, it } from '@jest/globals';
import type { ProviderAnswer } from '../provider-http.js';
import { readWhatsappAnswer, whatsappRequest } from './whatsapp-reply.js';

const endpoint = { apiUrl: 'http://127.0.0.1:4010/', version: '21.0', phoneNumberId: '1065', accessToken: 'EAAG-1' };
const answer = (statusCode: number, json: unknown, retryAfter?: string): ProviderAnswer => ({
  statusCode,
  json,
  text: JSON.stringify(json),
  ...(retryAfter ? { retryAfter } : {}),
});

describe('whatsappRequest', () => {
  it('posts a text to the wa_id as given, with the channel’s token', () => {
    const request = whatsappRequest(endpoint, { to: '551187654321', text: 'Hi' });
    expect(request.url).toBe('http://127.0.0.1:4010/v21.0/1065/messages');
    expect(request.headers.authorization).toBe('Bearer EAAG-1');
    expect(JSON.parse(request.body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '551187654321',
      type: 'text',
      text: { preview_url: false, body: 'Hi' },
    });
  });

  it.each([
    ['image/jpeg', 'image', { link: 'https://f.example/a', caption: 'Look' }],
    ['video/mp4', 'video', { link: 'https://f.example/a', caption: 'Look' }],
    ['audio/ogg', 'audio', { link: 'https://f.example/a' }],
    ['application/pdf', 'document', { link: 'https://f.example/a', caption: 'Look', filename: 'a.pdf' }],
  ])('sends a %s attachment as %s with the text as its caption', (contentType, type, media) => {
    const request = whatsappRequest(endpoint, {
      to: '1555',
      text: 'Look',
      attachment: { url: 'https://f.example/a', contentType, name: 'a.pdf' },
    });
    expect(JSON.parse(request.body)).toMatchObject({ type, [type]: media });
  });

  it('sends a template without components when it has no parameters', () => {
    const request = whatsappRequest(endpoint, {
      to: '1555',
      template: { name: 'hello', language: 'en', parameters: [] },
    });
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'template',
      template: { name: 'hello', language: { code: 'en' } },
    });
    expect(JSON.parse(request.body).template.components).toBeUndefined();
  });
});

describe('readWhatsappAnswer', () => {
  it.each<[string, ProviderAnswer, object]>([
    ['an accepted message', answer(200, { messages: [{ id: 'wamid.A' }] }), { statusCode: 200, providerId: 'wamid.A' }],
    ['a 200 without a message id', answer(200, {}), { statusCode: 200, error: 'the answer named no message id' }],
    [
      'a refusal with Meta’s code',
      answer(400, { error: { code: 131026, message: 'Message undeliverable' } }),
      { statusCode: 400, error: '131026: Message undeliverable', errorCode: '131026' },
    ],
    [
      'a refusal with details',
      answer(400, {
        error: { code: 131047, message: 'Re-engagement message', error_data: { details: 'More than 24 hours' } },
      }),
      { statusCode: 400, error: '131047: Re-engagement message — More than 24 hours', errorCode: '131047' },
    ],
    [
      'throttling sent as 400: to be tried again',
      answer(400, { error: { code: 131056, message: 'Pair rate limit hit' } }),
      { statusCode: 429, error: '131056: Pair rate limit hit', errorCode: '131056' },
    ],
    [
      'a 503 with Retry-After',
      answer(503, { error: { code: 2, message: 'Service unavailable' } }, '5'),
      { statusCode: 503, retryAfter: '5', error: '2: Service unavailable', errorCode: '2' },
    ],
    [
      'a 502 from a proxy, not JSON',
      { statusCode: 502, text: 'Bad Gateway' },
      { statusCode: 502, error: 'Bad Gateway' },
    ],
  ])('%s', (_case, providerAnswer, result) => {
    expect(readWhatsappAnswer(providerAnswer)).toEqual(result);
  });
});
