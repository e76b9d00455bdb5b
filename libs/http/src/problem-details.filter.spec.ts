import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter, toProblem } from './problem-details.filter.js';
import { ProblemException } from './problem.exception.js';

describe('toProblem', () => {
  it.each([
    [
      'a ProblemException keeps its code and extensions',
      new ProblemException(409, 'email_taken', 'taken', { field: 'email' }),
      { status: 409, code: 'email_taken', detail: 'taken', field: 'email', title: 'Conflict' },
    ],
    ['a Nest 404 gets not_found', new NotFoundException(), { status: 404, code: 'not_found' }],
    [
      'a Nest 400 gets bad_request',
      new BadRequestException('nope'),
      { status: 400, code: 'bad_request', detail: 'nope' },
    ],
    [
      'malformed JSON from fastify, wrapped by Nest',
      new BadRequestException('Unexpected end of JSON input', {
        cause: Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 }),
      }),
      { status: 400, code: 'malformed_body' },
    ],
    [
      'an empty JSON body',
      new BadRequestException('Body cannot be empty', {
        cause: Object.assign(new Error('empty'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 }),
      }),
      { status: 400, code: 'malformed_body' },
    ],
    [
      'an oversized body',
      new HttpException('Request body is too large', 413, {
        cause: Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
      }),
      { status: 413, code: 'payload_too_large' },
    ],
    [
      'an unsupported content type',
      new HttpException('Unsupported Media Type', 415, {
        cause: Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
      }),
      { status: 415, code: 'unsupported_media_type' },
    ],
    ['anything else is a 500 without details', new Error('secret stack'), { status: 500, code: 'internal_error' }],
  ])('%s', (_name, exception, expected) => {
    expect(toProblem(exception)).toMatchObject({ type: 'about:blank', ...expected });
  });

  it('never leaks the message of an unexpected error', () => {
    expect(JSON.stringify(toProblem(new Error('secret stack')))).not.toContain('secret');
  });
});

interface Sent {
  headers: Record<string, string>;
  status?: number;
  type?: string;
  body?: string;
}

/** What `filter` sends for `exception` on a recording fastify reply. */
function send(filter: ProblemDetailsFilter, exception: unknown): Sent {
  const sent: Sent = { headers: {} };
  const response = {
    sent: false,
    headers: (headers: Record<string, string>) => Object.assign(sent.headers, headers) && response,
    status: (status: number) => ((sent.status = status), response),
    type: (type: string) => ((sent.type = type), response),
    send: (body: string) => ((sent.body = body), response),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it('sends the headers of a ProblemException with its body', () => {
    const exception = new ProblemException(308, 'moved', 'elsewhere', { to: 'b' }, { Location: '/things/b' });
    const sent = send(new ProblemDetailsFilter(), exception);
    expect(sent).toEqual({
      headers: { Location: '/things/b' },
      status: 308,
      type: 'application/problem+json',
      body: expect.any(String),
    });
    expect(JSON.parse(sent.body ?? '')).toMatchObject({ status: 308, code: 'moved', to: 'b' });
    expect(sent.body).not.toContain('/things/b');
  });

  it('answers a domain error with the problem its mapping gives, and any other error as before', () => {
    class Refused extends Error {}
    const filter = new ProblemDetailsFilter((error) =>
      error instanceof Refused ? new ProblemException(409, 'refused', error.message, { why: 'rule' }) : undefined,
    );
    const refused = send(filter, new Refused('not allowed'));
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body ?? '')).toMatchObject({ code: 'refused', detail: 'not allowed', why: 'rule' });
    expect(JSON.parse(send(filter, new NotFoundException()).body ?? '')).toMatchObject({ code: 'not_found' });
  });
});
