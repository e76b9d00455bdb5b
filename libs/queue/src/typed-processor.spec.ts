import { describe, expect, it } from '@jest/globals';
import { processorProblems } from './typed-processor.js';

describe('processorProblems', () => {
  it.each<[string, string[], string[]]>([
    ['one processor per queue', ['inbound', 'suggestions'], []],
    ['a queue without processor', ['inbound'], ['queue suggestions has 0 processors, expected exactly 1']],
    [
      'two processors for one queue',
      ['inbound', 'suggestions', 'inbound'],
      ['queue inbound has 2 processors, expected exactly 1'],
    ],
  ])('%s', (_case, processorQueues, problems) => {
    expect(processorProblems(['inbound', 'suggestions'], processorQueues)).toEqual(problems);
  });
});
