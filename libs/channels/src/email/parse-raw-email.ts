import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress, type HeaderLines } from 'mailparser';
import { MalformedPayloadError } from '../errors.js';
import type { InboundAttachment, InboundEmailDetails } from '../inbound-message.js';
import { isAutoReply } from './auto-reply.js';

export interface ParsedEmail {
  /** With angle brackets, as in `In-Reply-To` and `References`. */
  messageId: string;
  from: { address: string; name?: string };
  text?: string;
  /** ISO 8601. */
  date?: string;
  attachments: InboundAttachment[];
  /** The bytes of each attachment, in the order of `attachments`, for the caller to store. */
  attachmentContents: Buffer[];
  email: InboundEmailDetails;
  /** Vacation replies, bounces, list mail: not to be answered, so the ingress drops them. */
  isAutoReply: boolean;
  /** The first value of each header, keyed by lower-case name (the topmost: added by the last server it passed). */
  headers: ReadonlyMap<string, string>;
}

/**
 * Parses a raw RFC 5322 message, as bytes or as text (read as UTF-8); throws MalformedPayloadError when it carries no
 * headers or no sender.
 */
export async function parseRawEmail(raw: Buffer | string): Promise<ParsedEmail> {
  // `cid:` links stay as written (the attachments carry their content ids): inlined as data URIs, an image would
  // swell the HTML past its limit.
  const mail = await simpleParser(raw, { checksumAlgo: 'sha256', skipTextToHtml: true, keepCidLinks: true }).catch(
    (error: unknown) => {
      throw new MalformedPayloadError(`unreadable MIME: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  const headers = headerValues(mail.headerLines);
  if (headers.size === 0) throw new MalformedPayloadError('email has no headers');
  const from = addressesOf(mail.from)[0];
  if (!from?.address) throw new MalformedPayloadError('email has no From address');
  return {
    messageId: mail.messageId ?? derivedMessageId(raw),
    from: { address: from.address, name: from.name || undefined },
    text: mail.text,
    date: isoDate(headers.get('date')),
    attachments: mail.attachments.map(({ filename, contentType, size, checksum, cid }) => ({
      contentType,
      name: filename,
      sha256: checksum,
      size,
      ...(cid ? { contentId: cid } : {}),
    })),
    attachmentContents: mail.attachments.map(({ content }) => content),
    email: {
      subject: mail.subject,
      html: mail.html || undefined,
      inReplyTo: mail.inReplyTo,
      references: typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []),
      to: addressList(mail.to),
      cc: addressList(mail.cc),
    },
    isAutoReply: isAutoReply(headers),
    headers,
  };
}

/** A replay of the same bytes gets the same id, text or not, so it is deduplicated like any other message. */
function derivedMessageId(raw: Buffer | string): string {
  return `<${createHash('sha256').update(raw).digest('hex')}@sha256.invalid>`;
}

/** Read from the header itself: mailparser dates an unreadable Date header "now", which a replay would not repeat. */
function isoDate(header: string | undefined): string | undefined {
  const time = header === undefined ? NaN : Date.parse(header);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The first value of each header, keyed by lower-case name. */
function headerValues(lines: HeaderLines): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of lines) {
    if (key && !headers.has(key)) headers.set(key, unfoldedValue(line));
  }
  return headers;
}

function unfoldedValue(line: string): string {
  const value = line.slice(line.indexOf(':') + 1);
  return value.replace(/\r?\n[ \t]+/g, ' ').trim();
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value).flatMap((address) => address.group ?? [address]);
}

function addressList(field: AddressObject | AddressObject[] | undefined): string[] {
  return addressesOf(field).flatMap((address) => (address.address ? [address.address] : []));
}
