/** The largest email accepted (SMTP and Mailgun): attachments travel inside the MIME. */
export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;

/** The largest text or HTML body of an email kept on its message, in UTF-8 bytes; the rest is cut off. */
export const MAX_EMAIL_BODY_BYTES = 256 * 1024;

export interface LimitedBody {
  value: string;
  /** UTF-8 bytes before any cut. */
  bytes: number;
  truncated: boolean;
}

const encoder = new TextEncoder();

/** The longest start of `value` within `limitBytes` of UTF-8, never splitting a character. */
export function limitBody(value: string, limitBytes: number): LimitedBody {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= limitBytes) return { value, bytes, truncated: false };
  const { read } = encoder.encodeInto(value, new Uint8Array(limitBytes));
  return { value: value.slice(0, read), bytes, truncated: true };
}
