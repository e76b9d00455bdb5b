import { verifyWhatsappHandshake } from './whatsapp-handshake.js';

const valid = { 'hub.mode': 'subscribe', 'hub.verify_token': 'T0ken', 'hub.challenge': '1158201444' };

describe('verifyWhatsappHandshake', () => {
  it('answers the challenge when the token matches', () => {
    expect(verifyWhatsappHandshake(valid, 'T0ken')).toBe('1158201444');
  });

  it.each([
    ['wrong token', { ...valid, 'hub.verify_token': 'other' }, 'T0ken'],
    ['token differing in case', { ...valid, 'hub.verify_token': 't0ken' }, 'T0ken'],
    ['token prefix', { ...valid, 'hub.verify_token': 'T0k' }, 'T0ken'],
    ['missing token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'T0ken'],
    ['other mode', { ...valid, 'hub.mode': 'unsubscribe' }, 'T0ken'],
    ['missing mode', { 'hub.verify_token': 'T0ken', 'hub.challenge': '1' }, 'T0ken'],
    ['missing challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'T0ken' }, 'T0ken'],
    ['empty challenge', { ...valid, 'hub.challenge': '' }, 'T0ken'],
    ['repeated token parameter', { ...valid, 'hub.verify_token': ['T0ken', 'T0ken'] }, 'T0ken'],
    ['repeated challenge parameter', { ...valid, 'hub.challenge': ['1', '2'] }, 'T0ken'],
    ['channel without a verify token', { ...valid, 'hub.verify_token': '' }, ''],
    ['empty query', {}, 'T0ken'],
  ])('refuses: %s', (_case, query, verifyToken) => {
    expect(verifyWhatsappHandshake(query, verifyToken)).toBeUndefined();
  });
});
