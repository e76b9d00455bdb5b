import type { CurrentUser, LoginResponse, Problem } from './types';

/** A failed api call, carrying the problem+json the server answered (or one made up for network failures). */
export class ApiError extends Error implements Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  /** Every other member of the problem document, e.g. the guard's `blocks` or the current `suggestion`. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(problem: Problem, extensions: Record<string, unknown> = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.extensions = extensions;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Turns any error body into a problem; problem+json fields win, anything else falls back to the HTTP status. */
function toProblem(response: Response, body: unknown): Problem {
  const fields = isRecord(body) ? body : {};
  const status = typeof fields.status === 'number' ? fields.status : response.status;
  return {
    status,
    code: text(fields.code) ?? `http_${status}`,
    title: text(fields.title) ?? (response.statusText || 'Request failed'),
    detail: text(fields.detail),
  };
}

async function readBody(response: Response): Promise<unknown> {
  const raw = await response.text();
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Calls the api and answers the body; a failure throws an `ApiError`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json, application/problem+json');
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(toProblem(response, body), isRecord(body) ? body : {});
  return body as T;
}

/** Fetches a file of the api (an attachment's bytes); a failure throws an `ApiError`. */
export async function requestFile(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<Blob> {
  const response = await send(path, options, '*/*');
  if (!response.ok) {
    const body = await readBody(response);
    throw new ApiError(toProblem(response, body), isRecord(body) ? body : {});
  }
  return response.blob();
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  try {
    return await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      title: 'Network error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
}

/** The api refused the token: the session is over. */
export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The api has no such route (an older server): Nest's own 404, "Cannot POST /api/v1/…". */
export const isMissingRoute = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 404 && /^Cannot (GET|POST|PATCH|PUT|DELETE) /.test(error.detail ?? '');

/** What to tell the user about a failure: the problem's detail or title, else `fallback`. */
export const messageOf = (error: unknown, fallback: string): string =>
  error instanceof ApiError ? (error.detail ?? error.title) : fallback;

export function login(email: string, password: string): Promise<LoginResponse> {
  return request<LoginResponse>('/api/v1/auth/login', { method: 'POST', body: { email, password } });
}

export function fetchMe(token: string, signal?: AbortSignal): Promise<CurrentUser> {
  return request<CurrentUser>('/api/v1/me', { token, signal });
}

/** Ends every session of the user on the server; signing out locally does not wait for it. */
export function logout(token: string): Promise<void> {
  return request<void>('/api/v1/auth/logout', { method: 'POST', token });
}
