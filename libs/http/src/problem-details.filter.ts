import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ProblemException, type ProblemBody } from './problem.exception.js';

/** Codes for the errors Nest and fastify raise before our code runs. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'service_unavailable',
};

interface FastifyError {
  code?: string;
  statusCode?: number;
}

/** Fastify's body errors: codes of its content-type parser, and the SyntaxError of its JSON parser. */
const CODE_BY_FASTIFY_ERROR: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
};

/** Nest wraps fastify's errors in HttpExceptions and keeps the original as `cause`. */
function bodyParserCode(exception: HttpException): string | undefined {
  const cause = exception.cause as FastifyError | undefined;
  if (cause instanceof SyntaxError) return 'malformed_body';
  return cause?.code === undefined ? undefined : CODE_BY_FASTIFY_ERROR[cause.code];
}

export function toProblem(exception: unknown): ProblemBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const { status: _s, statusCode: _sc, error: _e, message, code, detail, ...extensions } = body;
    return {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      code: typeof code === 'string' ? code : (bodyParserCode(exception) ?? CODE_BY_STATUS[status] ?? 'error'),
      detail: typeof detail === 'string' ? detail : typeof message === 'string' ? message : exception.message,
      ...extensions,
    };
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal_error' };
}

/** The problem a domain error answers with; `undefined` for errors it does not know. */
export type DomainProblem = (exception: unknown) => ProblemException | undefined;

/**
 * Every error leaves the api as application/problem+json with a stable code. Domain errors (which know nothing of
 * HTTP) become problems through `domainProblem`, so every refusal goes through this one filter.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly domainProblem: DomainProblem = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const error = this.domainProblem(exception) ?? exception;
    const problem = toProblem(error);
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (error instanceof ProblemException) reply.headers(error.headers);
    reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
