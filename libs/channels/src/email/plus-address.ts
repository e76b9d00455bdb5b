/** The sub-address after `+` in the local part: `support+abc123@x.com` → `abc123`. */
export function plusAddressToken(address: string): string | undefined {
  return plusAddressParts(address)?.token || undefined;
}

/** The address without its sub-address: `support+abc123@x.com` → `support@x.com`; unchanged when it has none. */
export function withoutPlusAddress(address: string): string {
  return plusAddressParts(address)?.base ?? address;
}

/** Split at the first `+` of the local part (the part before the last `@`), so `a+b+c@x` is `a@x` with tag `b+c`. */
function plusAddressParts(address: string): { base: string; token: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const plus = address.slice(0, at).indexOf('+');
  if (plus < 0) return undefined;
  return { base: address.slice(0, plus) + address.slice(at), token: address.slice(plus + 1, at) };
}
