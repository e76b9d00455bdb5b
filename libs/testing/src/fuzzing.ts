import http from 'node:http';
import fc from 'fast-check';

/**
 * What a fuzzed request claims to be. `forged`: its credentials are wrong (a signature of other bytes, another
 * secret, none, a wrong key), so it must be refused whatever else it holds. `signed`: rightly signed, however
 * malformed its content. `mangled`: bytes changed after signing, so either may hold.
 */
export type Authenticity = 'forged' | 'signed' | 'mangled';

export interface FuzzRequest {
  path: string;
  headers: Record<string, string>;
  /** Sent one after another; more than one goes as a chunked body without Content-Length. */
  chunks: Buffer[];
  authenticity: Authenticity;
  /** What the case is, for figures and failure messages. */
  kind: string;
}

export interface FuzzAnswer {
  status: number;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Posts the request byte for byte as given, without the normalizing a higher-level client does; an answer is
 * always returned, a connection the server dropped as status 0.
 */
export function rawPost(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const url = new URL(request.path, baseUrl);
  const chunked = request.chunks.length > 1;
  const length = request.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return new Promise((resolve) => {
    const call = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: chunked ? request.headers : { ...request.headers, 'content-length': String(length) },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
        response.on('error', () => resolve({ status: 0, text: 'response aborted' }));
      },
    );
    // A server refusing an oversized body may answer and close before every byte is written.
    call.on('error', (error) => resolve({ status: 0, text: error.message }));
    for (const chunk of request.chunks) call.write(chunk);
    call.end();
  });
}

/** Splits bytes at 0–3 places: a chunked upload when split. */
export const chunkings = (bytes: Buffer): fc.Arbitrary<Buffer[]> =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: bytes.length > 1 ? 3 : 0 })
    .map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      return points.slice(1).map((end, index) => bytes.subarray(points[index], end));
    });

/** Bytes of `valid` changed a little: flipped, cut short, repeated, spliced with garbage or invalid UTF-8. */
export const mutationsOf = (valid: string): fc.Arbitrary<Buffer> => {
  const bytes = Buffer.from(valid);
  return fc.oneof(
    fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
      const copy = Buffer.from(bytes);
      copy[at] ^= xor;
      return copy;
    }),
    fc.nat(bytes.length).map((end) => bytes.subarray(0, end)),
    fc
      .tuple(fc.nat(bytes.length), fc.uint8Array({ minLength: 1, maxLength: 64 }))
      .map(([at, junk]) => Buffer.concat([bytes.subarray(0, at), Buffer.from(junk), bytes.subarray(at)])),
    fc.constant(Buffer.concat([bytes, bytes])),
    fc.constant(Buffer.from(valid, 'utf16le')),
    fc
      .nat(bytes.length)
      .map((at) =>
        Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00]), bytes.subarray(at)]),
      ),
  );
};

/** Bodies that are not what the route expects at all. */
export const strangeBodies = (oversizedBytes: number): fc.Arbitrary<Buffer> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.json().map((json) => Buffer.from(json)) },
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 256 }).map((text) => Buffer.from(text)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 50, max: 5000 }).map((depth) => Buffer.from('['.repeat(depth) + ']'.repeat(depth))),
    },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: oversizedBytes + 1, max: oversizedBytes * 2 })
        .map((size) => Buffer.from(`{"a":"${'x'.repeat(size)}"}`)),
    },
  );

/** Content types right, wrong, odd and invalid. */
export const contentTypes = (right: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(right) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        undefined,
        'application/json',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset=bogus',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=zzz',
        'text/plain',
        'text/xml',
        'application/octet-stream',
        '*/*',
        ';;;',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode) }) },
  );

/** Headers a client may add that change how the body is read. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { 'content-encoding': 'gzip' },
      { 'content-encoding': 'deflate' },
      { 'content-encoding': 'br' },
      { 'content-encoding': 'identity' },
      { 'content-encoding': 'x-unknown' },
      { expect: '100-continue' },
      { 'x-forwarded-for': '::1, 10.0.0.1' },
    ),
  },
);

/** A hex string of the length of a SHA-256 digest that is no one's signature. */
export const wrongHexDigest = fc.stringMatching(/^[0-9a-f]{64}$/);

/** The tally of a fuzz run: cases by kind and authenticity, answers by status. */
export class FuzzTally {
  readonly cases = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  total = 0;
  forgedRefused = 0;

  record(request: FuzzRequest, answer: FuzzAnswer): void {
    this.total += 1;
    const key = `${request.authenticity}:${request.kind}`;
    this.cases.set(key, (this.cases.get(key) ?? 0) + 1);
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    if (request.authenticity === 'forged' && answer.status >= 400 && answer.status < 500) this.forgedRefused += 1;
  }

  forged(): number {
    return [...this.cases].filter(([key]) => key.startsWith('forged:')).reduce((sum, [, count]) => sum + count, 0);
  }

  summary(name: string): string {
    const statuses = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    return `R5 fuzzing ${name}: ${this.total} requests, ${this.forged()} forged (${this.forgedRefused} refused), statuses ${statuses}`;
  }
}

/** Why the api's answer to a fuzzed request is wrong, or undefined: never 5xx nor a dropped connection, forged refused. */
export function fuzzVerdict(request: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.status === 0 && !request.chunks.some((chunk) => chunk.length > 1_000_000))
    return `no answer (${answer.text})`;
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (request.authenticity === 'forged' && (answer.status < 400 || answer.status >= 500)) {
    return `a forged request answered ${answer.status}`;
  }
  return undefined;
}

/** `valid` with one value somewhere inside replaced by any JSON value: the right shape, wrong content. */
export function jsonShapedMutations(valid: unknown): fc.Arbitrary<Buffer> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
    }
  };
  walk(valid, []);
  return fc.tuple(fc.constantFrom(...paths), fc.jsonValue()).map(([path, replacement]) => {
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    if (path.length === 0) return Buffer.from(JSON.stringify(replacement));
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path[path.length - 1]] = replacement;
    return Buffer.from(JSON.stringify(copy));
  });
}

/** A multipart/form-data body of the fields, as a browser or Mailgun encodes it. */
export function multipartBody(fields: Record<string, string>, boundary: string): Buffer {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.from(`${parts.join('')}--${boundary}--\r\n`);
}
