const AUTOMATED_PRECEDENCE = new Set(['bulk', 'auto_reply', 'list', 'junk']);
const SYSTEM_SENDER = /(?:^|[\s<"])(?:mailer-daemon|postmaster)(?:@|>|"|\s|$)/i;

/**
 * Whether a message was sent by a machine (vacation reply, bounce, mailing list) rather than a person: answering it
 * would start a mail loop or open a conversation nobody wrote.
 *
 * @param headers lower-case header name → unfolded value
 */
export function isAutoReply(headers: ReadonlyMap<string, string>): boolean {
  const autoSubmitted = headers.get('auto-submitted');
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  return (
    (autoSubmitted !== undefined && firstWord(autoSubmitted) !== 'no') ||
    (precedence !== undefined && AUTOMATED_PRECEDENCE.has(precedence)) ||
    /^<\s*>$/.test(headers.get('return-path')?.trim() ?? '') ||
    headers.has('x-autoreply') ||
    headers.has('x-autorespond') ||
    SYSTEM_SENDER.test(headers.get('from') ?? '') ||
    /^multipart\/report\b/i.test(headers.get('content-type')?.trim() ?? '')
  );
}

/** `Auto-Submitted: auto-replied; owner-email=…` or `no (comment)`. */
function firstWord(value: string): string {
  return value
    .trim()
    .split(/[\s;(]/)[0]
    .toLowerCase();
}
