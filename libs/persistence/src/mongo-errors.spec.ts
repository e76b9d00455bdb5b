import { isDuplicateKeyError, parseObjectId } from './mongo-errors.js';

describe('parseObjectId', () => {
  it.each([
    ['64d0c0ffee00000000000001', true],
    ['64D0C0FFEE00000000000001', true],
    ['aaaaaaaaaaaa', false],
    ['not-an-id', false],
    ['64d0c0ffee0000000000000', false],
    ['64d0c0ffee000000000000012', false],
    ['', false],
  ])('%j → %s', (id, valid) => {
    expect(parseObjectId(id) !== undefined).toBe(valid);
  });
});

describe('isDuplicateKeyError', () => {
  it.each([
    [{ code: 11000 }, true],
    [Object.assign(new Error('E11000 duplicate key'), { code: 11000 }), true],
    [{ code: 11001 }, false],
    [new Error('other'), false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (error, expected) => {
    expect(isDuplicateKeyError(error)).toBe(expected);
  });
});
