import { describe, expect, it } from '@jest/globals';
import { MalformedPayloadError } from '@app/channels';
import { QueueUnavailableError } from '@app/queue';
import { ChannelLookupFailedError } from './ingress-channels.service.js';
import { ingressProblem } from './ingress-problem.js';

const named = (name: string) => Object.assign(new Error('failed'), { name });

describe('ingressProblem', () => {
  it.each<[string, unknown, [number, string] | undefined]>([
    ['a delivery that cannot be read', new MalformedPayloadError('no entry'), [400, 'malformed_payload']],
    ['a queue that cannot take it', new QueueUnavailableError(new Error('offline')), [503, 'queue_unavailable']],
    [
      'a channel lookup that failed in any way',
      new ChannelLookupFailedError(new TypeError('x')),
      [503, 'database_unavailable'],
    ],
    ['a database out of reach', named('MongoServerSelectionError'), [503, 'database_unavailable']],
    ['anything else', new TypeError('x is undefined'), undefined],
  ])('%s', (_case, error, expected) => {
    const problem = ingressProblem(error);
    expect(problem && [problem.getStatus(), (problem.getResponse() as { code: string }).code]).toEqual(expected);
    if (problem?.getStatus() === 503) expect(problem.headers).toEqual({ 'Retry-After': '30' });
  });
});
