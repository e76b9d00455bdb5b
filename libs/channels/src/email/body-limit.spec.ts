import { limitBody } from './body-limit.js';

describe('limitBody', () => {
  it.each([
    ['a body within the limit is kept whole', 'hello', 5, { value: 'hello', bytes: 5, truncated: false }],
    ['an empty body is kept', '', 0, { value: '', bytes: 0, truncated: false }],
    ['a body over the limit is cut at the limit', 'hello world', 5, { value: 'hello', bytes: 11, truncated: true }],
    // "é" is two bytes: three bytes hold "a" and "é", four do not hold a second "é".
    ['a two-byte character is never split', 'aéé', 4, { value: 'aé', bytes: 5, truncated: true }],
    ['a four-byte character is never split', '😀😀', 7, { value: '😀', bytes: 8, truncated: true }],
    ['a limit smaller than the first character keeps nothing', '😀', 3, { value: '', bytes: 4, truncated: true }],
  ])('%s', (_case, value, limit, expected) => {
    expect(limitBody(value, limit)).toEqual(expected);
  });
});
