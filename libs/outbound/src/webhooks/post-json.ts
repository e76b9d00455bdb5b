import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { isPublicAddress, publicOnlyLookup, RefusedAddressError } from './address-guard.js';

export interface PostAnswer {
  statusCode: number;
  retryAfter?: string;
  /** The start of the answer's body, to show in the delivery log when it is not a success. */
  bodyStart: string;
}

const BODY_SHOWN = 300;

/**
 * POSTs a JSON body and reads the answer's status. Unless `allowPrivate`, the address connected to must be public
 * (checked at connection time); a network error or timeout rejects.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  { allowPrivate, timeoutMs }: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostAnswer> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) {
    return Promise.reject(new RefusedAddressError(host, host));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: timeoutMs,
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup as never }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < BODY_SHOWN) chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            statusCode: response.statusCode ?? 0,
            ...(retryAfter ? { retryAfter } : {}),
            bodyStart: Buffer.concat(chunks).toString('utf8').slice(0, BODY_SHOWN),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
