import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through up to `limit` and drops the rest, remembering that there was more: the SMTP client is still
 * sending and must be read to the end before it can be answered 552, but nothing past the limit is kept.
 */
export class SizeLimit extends Transform {
  private received = 0;

  constructor(private readonly limit: number) {
    super();
  }

  get exceeded(): boolean {
    return this.received > this.limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const room = this.limit - this.received;
    this.received += chunk.length;
    if (room >= chunk.length) done(null, chunk);
    else done(null, room > 0 ? chunk.subarray(0, room) : undefined);
  }
}
