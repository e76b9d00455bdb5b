import { Transform, type TransformCallback } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { ProblemException } from '@app/http';

export interface MultipartLimits {
  /** Every byte of the body, however it is sent (Content-Length or chunked). */
  totalBytes: number;
  fieldBytes: number;
  fields: number;
}

const tooLarge = (detail: string) => new ProblemException(413, 'payload_too_large', detail);
const malformed = (detail: string) => new ProblemException(400, 'malformed_body', detail);

/** Passes bytes through while counting them; fails the stream at the first byte beyond `limit`. */
class ByteCounter extends Transform {
  private received = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.limit) done(tooLarge(`The body is larger than ${this.limit} bytes`));
    else done(null, chunk);
  }
}

/**
 * The text fields of a multipart/form-data body, holding at most `totalBytes` of it whatever its fields say:
 * busboy's per-field and count limits alone would let a dozen large fields add up, and a chunked body has no length
 * to refuse up front. Files are refused (their data drained, not kept). A repeated field name keeps its last value.
 */
export async function readMultipartFields(
  request: IncomingMessage,
  limits: MultipartLimits,
): Promise<Record<string, string>> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: {
        fieldSize: limits.fieldBytes,
        fields: limits.fields,
        files: 0,
        parts: limits.fields,
        fieldNameSize: 100,
      },
    });
  } catch (error) {
    throw malformed((error as Error).message);
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let refusal: ProblemException | undefined;
  const refuse = (problem: ProblemException) => {
    refusal ??= problem;
  };
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) refuse(tooLarge(`The field ${name} is larger than ${limits.fieldBytes} bytes`));
    else fields[name] = value;
  });
  parser.on('file', (name, stream) => {
    stream.resume();
    refuse(malformed(`Files are not accepted (field ${name}): forward the route's raw MIME`));
  });
  parser.on('fieldsLimit', () => refuse(tooLarge(`More than ${limits.fields} fields`)));
  parser.on('partsLimit', () => refuse(tooLarge(`More than ${limits.fields} parts`)));
  parser.on('filesLimit', () => refuse(malformed('Files are not accepted')));
  await new Promise<void>((resolve, reject) => {
    const counter = new ByteCounter(limits.totalBytes);
    // Stops parsing without destroying the request, so the refusal can still be answered; the rest of the body is
    // read and dropped (held nowhere), or the connection would stall with it and keep the server from closing.
    const stop = (error: unknown) => {
      request.unpipe(counter);
      counter.unpipe(parser);
      request.resume();
      reject(error instanceof ProblemException ? error : malformed(`The body cannot be read: ${String(error)}`));
    };
    counter.on('error', stop);
    parser.on('error', stop);
    request.on('error', stop);
    request.on('aborted', () => stop(new Error('the client went away')));
    parser.on('close', resolve);
    request.pipe(counter).pipe(parser);
  });
  if (refusal) throw refusal;
  return fields;
}
