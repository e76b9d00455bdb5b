import { describe, expect, it } from '@jest/globals';
import { twilioParams } from './twilio-params.js';

describe('twilioParams', () => {
  it.each([
    ['no body', undefined, {}],
    ['an empty body', '', {}],
    [
      'form encoding, + as space',
      'Body=Hello+w%C3%B6rld%21&From=%2B15550100&NumMedia=0',
      { Body: 'Hello wörld!', From: '+15550100', NumMedia: '0' },
    ],
    ['bracketed names stay flat', 'a%5Bb%5D=1&c[d]=2', { 'a[b]': '1', 'c[d]': '2' }],
    ['an empty value', 'Body=&To=%2B1555', { Body: '', To: '+1555' }],
  ])('%s', (_case, body, expected) => {
    expect(twilioParams(body === undefined ? undefined : Buffer.from(body))).toEqual(expected);
  });
});
