import { describe, expect, it } from '@jest/globals';
import { jobHandlerProblems, type RegisteredProcessor } from './typed-processor.js';

const expected = { inbound: ['inbound.event'], suggestions: ['customer.check', 'tenant.backfill'] };
const complete: RegisteredProcessor[] = [
  { queueName: 'inbound', jobNames: ['inbound.event'] },
  { queueName: 'suggestions', jobNames: ['customer.check', 'tenant.backfill'] },
];

describe('jobHandlerProblems', () => {
  it.each<[string, RegisteredProcessor[], string[]]>([
    ['every job handled once', complete, []],
    ['a queue without processor', complete.slice(0, 1), ['queue suggestions has 0 processors, expected exactly 1']],
    [
      'two processors for one queue',
      [...complete, { queueName: 'inbound', jobNames: ['inbound.event'] }],
      ['queue inbound has 2 processors, expected exactly 1'],
    ],
    [
      'a job without handler',
      [complete[0], { queueName: 'suggestions', jobNames: ['customer.check'] }],
      ['job suggestions/tenant.backfill has no handler'],
    ],
    [
      'a handler the map does not name',
      [{ queueName: 'inbound', jobNames: ['inbound.event', 'old.job'] }, complete[1]],
      ['job inbound/old.job is not in the job map'],
    ],
    [
      'a processor of an unknown queue',
      [...complete, { queueName: 'mystery', jobNames: [] }],
      ['processor for unknown queue mystery'],
    ],
  ])('%s', (_case, processors, problems) => {
    expect(jobHandlerProblems(expected, processors)).toEqual(problems);
  });
});
