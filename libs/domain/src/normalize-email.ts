export interface NormalizedEmail {
  /** Lower-case, ASCII (punycode) domain: the key identities are matched on. */
  value: string;
  /** The address as written, without display name or brackets. */
  display: string;
}

const NAME_AND_ADDRESS = /^[^<>]*<([^<>]*)>$/;
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;
/** Characters that would make the URL parser read a port, path, query, credentials or an IPv6 literal. */
const NOT_A_HOST = /[\s/\\?#@:%[\]]/u;

/** Accepts `ann@example.com`, `<ann@example.com>` and `Ann <ann@example.com>`; undefined when it is no address. */
export function normalizeEmail(raw: string): NormalizedEmail | undefined {
  const trimmed = raw.trim();
  const address = (NAME_AND_ADDRESS.exec(trimmed)?.[1] ?? trimmed).trim();
  const at = address.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = address.slice(0, at);
  const domain = asciiDomain(address.slice(at + 1));
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local) || !domain) return undefined;
  return { value: `${local.toLowerCase()}@${domain}`, display: address };
}

/** IDNA to punycode through the WHATWG URL parser, which Node and browsers share (the console uses these rules too). */
function asciiDomain(domain: string): string | undefined {
  if (!domain || NOT_A_HOST.test(domain)) return undefined;
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
  const labels = ascii.split('.');
  const valid =
    ascii.length <= MAX_DOMAIN_LENGTH &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]);
  return valid ? ascii : undefined;
}
