import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { callbackRequest, readCallbackAnswer, sessionOf } from './callback-reply.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const reply = {
  messageId: 'm1',
  conversationId: 'c1',
  channelId: 'ch1',
  recipient: { sessionId: 's-42' },
  text: 'Hello',
  attachments: [],
  sentAt: now,
};

describe('callbackRequest', () => {
  it('posts the reply as JSON signed over "t.body" with the channel’s secret', () => {
    const request = callbackRequest(
      { url: 'https://chat.example/replies', secret: 'cb-secret', deliveryId: 'd1' },
      reply,
      now,
    );
    const t = now.getTime() / 1000;
    const mac = createHmac('sha256', 'cb-secret').update(`${t}.${request.body}`).digest('hex');
    expect(request.url).toBe('https://chat.example/replies');
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'X-Signature': `t=${t},v1=${mac}`,
      'x-delivery-id': 'd1',
    });
    expect(JSON.parse(request.body)).toEqual({
      type: 'message.reply',
      id: 'm1',
      conversationId: 'c1',
      channelId: 'ch1',
      to: { sessionId: 's-42' },
      text: 'Hello',
      attachments: [],
      sentAt: '2026-03-01T12:00:00.000Z',
    });
  });
});

describe('readCallbackAnswer', () => {
  it.each([
    [
      '200 with the connector’s id',
      { statusCode: 200, json: { id: 'cx-9' }, text: '' },
      { statusCode: 200, providerId: 'cx-9' },
    ],
    ['204 without a body', { statusCode: 204, text: '' }, { statusCode: 204, providerId: 'reply:m1' }],
    [
      '503 with Retry-After',
      { statusCode: 503, retryAfter: '3', text: 'busy' },
      { statusCode: 503, retryAfter: '3', error: 'busy' },
    ],
    [
      '404',
      { statusCode: 404, json: { message: 'no such session' }, text: '' },
      { statusCode: 404, error: 'no such session' },
    ],
  ])('%s', (_case, answer, result) => {
    expect(readCallbackAnswer(answer, 'm1')).toEqual(result);
  });
});

describe('sessionOf', () => {
  it.each([
    ['webchat:65f0:session:abc-1', 'abc-1'],
    ['api:65f0:session:x:y', 'x:y'],
    ['email:ann@example.com', undefined],
  ])('%s → %s', (key, session) => {
    expect(sessionOf(key)).toBe(session);
  });
});
