import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details; `code` is stable and meant for programs, `title`/`detail` for people. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  [extension: string]: unknown;
}

export class ProblemException extends HttpException {
  /** `headers` go on the response, beside the body (`Location` of a redirect). */
  constructor(
    status: number,
    code: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super({ status, code, detail, ...extensions }, status);
  }
}

export const notFound = (what = 'resource'): ProblemException =>
  new ProblemException(404, 'not_found', `No such ${what}`);
