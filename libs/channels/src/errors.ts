/** A delivery that is not shaped like the provider's format; retrying it cannot help. */
export class MalformedPayloadError extends Error {
  readonly code = 'malformed_payload';

  constructor(message: string) {
    super(message);
    this.name = 'MalformedPayloadError';
  }
}
