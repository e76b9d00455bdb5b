import { Agent, request } from 'node:http';

export interface LoadResult {
  perSecond: number;
  latenciesMs: number[];
  failures: number;
}

/** Sends `total` requests with `concurrency` in flight; a request answers its HTTP status. */
export async function runLoad(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<number>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const sentAt = performance.now();
      const status = await send(index).catch(() => 0);
      latenciesMs.push(performance.now() - sentAt);
      if (status < 200 || status >= 300) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { perSecond: total / ((performance.now() - started) / 1000), latenciesMs, failures };
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * POSTs a body and answers the status once the response is read. Plain node:http on a keep-alive agent: the load
 * generator shares the machine with the system under test, and `fetch` (undici) costs it about twice the CPU per
 * request.
 */
export function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sending = request(
      url,
      { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    sending.on('error', reject);
    sending.end(body);
  });
}
