import { isDatabaseUnreachableError, isDuplicateKeyError, parseObjectId } from './mongo-errors.js';

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

describe('isDatabaseUnreachableError', () => {
  const named = (name: string, message = 'failed') => Object.assign(new Error(message), { name });
  it.each([
    [named('MongoServerSelectionError', 'connection timed out'), true],
    [named('MongooseServerSelectionError'), true],
    [named('MongoNetworkError', 'connection 3 to 127.0.0.1:27017 closed'), true],
    [named('MongoNetworkTimeoutError'), true],
    [named('MongoNotConnectedError'), true],
    [named('MongoPoolClearedError'), true],
    [
      named('PoolClearedOnNetworkError', 'Connection to 127.0.0.1:27017 interrupted due to server monitor timeout'),
      true,
    ],
    [named('MongoPoolClosedError'), true],
    [named('MongoWaitQueueTimeoutError'), true],
    [named('MongoServerClosedError'), true],
    [named('MongoOperationTimeoutError'), true],
    [new Error('lookup failed', { cause: named('MongoNetworkError') }), true],
    [new Error('lookup failed', { cause: new Error('other') }), false],
    [named('MongooseError', 'Operation `channels.findOne()` buffering timed out after 10000ms'), true],
    [named('MongooseError', 'Model.find() no longer accepts a callback'), false],
    [Object.assign(named('MongoServerError', 'E11000 duplicate key'), { code: 11000 }), false],
    [new Error('other'), false],
    [null, false],
  ])('%s → %s', (error, expected) => {
    expect(isDatabaseUnreachableError(error)).toBe(expected);
  });
});
