import type { SendResult } from './delivery-sender.js';

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ProviderAnswer {
  statusCode: number;
  retryAfter?: string;
  /** The answer's JSON, or undefined when it was not JSON. */
  json?: unknown;
  text: string;
}

/** A provider that has not answered by then is tried again (a network error to the retry rule). */
const PROVIDER_TIMEOUT_MS = 15_000;

/** POSTs to a provider; network errors and timeouts throw, which the runner counts as an attempt to repeat. */
export async function postToProvider(request: ProviderRequest): Promise<ProviderAnswer> {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  const text = await response.text();
  return {
    statusCode: response.status,
    ...(response.headers.get('retry-after') ? { retryAfter: response.headers.get('retry-after')! } : {}),
    json: parseJson(text),
    text,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A refusal that no attempt can change (the channel lacks a credential, the customer has no address). */
export function cannotSend(reason: string): SendResult {
  return { error: reason, permanent: true };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
