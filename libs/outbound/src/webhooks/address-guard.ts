import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. Everything else is refused for a tenant's URL: private, loopback,
 * link-local (the cloud metadata service, 169.254.169.254), unique-local, carrier-grade NAT, multicast, reserved,
 * unspecified; an IPv4-mapped IPv6 address is judged as its IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

export class RefusedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private or reserved address`);
    this.name = 'RefusedAddressError';
  }
}

type Resolve = (host: string) => Promise<LookupAddress[]>;

const resolveAll: Resolve = (host) => promisify(dnsLookup)(host, { all: true, verbatim: true });

/** Why a subscription may not call this URL (not http(s), or a host on a non-public address); undefined when it may. */
export async function refusedUrl(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = resolveAll,
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'only http and https URLs';
  if (parsed.username || parsed.password) return 'credentials do not belong in the URL; sign with the secret';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  const refused = addresses.find(({ address }) => !isPublicAddress(address));
  return refused ? new RefusedAddressError(host, refused.address).message : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that refuses non-public addresses at connection time: DNS may answer differently
 * than when the URL was accepted (rebinding), so the address actually connected to is the one checked.
 */
export function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { all: true, verbatim: true, family: options.family ?? 0 }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(new RefusedAddressError(hostname, refused.address), []);
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}
