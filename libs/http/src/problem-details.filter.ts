import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ProblemException, type ProblemBody } from './problem.exception.js';

/** Codes for the errors Nest and body-parser raise before our code runs. */
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

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Nest wraps body-parser's errors in HttpExceptions and keeps the original as `cause`. */
function bodyParserCode(exception: HttpException): string | undefined {
  const cause = exception.cause as BodyParserError | undefined;
  if (cause?.type === 'entity.parse.failed') return 'malformed_body';
  if (cause?.type === 'entity.too.large') return 'payload_too_large';
  return undefined;
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
  const parserError = exception as BodyParserError;
  if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
    const status = parserError.status;
    const code =
      parserError.type === 'entity.parse.failed' ? 'malformed_body' : (CODE_BY_STATUS[status] ?? 'bad_request');
    return {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      code,
      detail: (exception as Error).message,
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
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof ProblemException) response.set(error.headers);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
