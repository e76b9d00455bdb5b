import { optionalString } from '../payload-reading.js';
import type { MailgunSignatureFields } from './mailgun-signature.js';

/** What the ingress reads of a Mailgun route forward (raw-MIME mode); absent or non-text fields are undefined. */
export interface MailgunForm {
  signed: MailgunSignatureFields;
  /** The raw RFC 5322 message (`body-mime`). */
  mime?: string;
  /** The envelope sender; empty for the null sender `<>` of bounces. */
  sender?: string;
  /** The envelope recipients, from the comma-separated `recipient`. */
  recipients: string[];
}

export function readMailgunForm(fields: Record<string, unknown>): MailgunForm {
  return {
    signed: {
      timestamp: optionalString(fields.timestamp),
      token: optionalString(fields.token),
      signature: optionalString(fields.signature),
    },
    mime: optionalString(fields['body-mime']),
    sender: optionalString(fields.sender),
    recipients: (optionalString(fields.recipient) ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== ''),
  };
}
