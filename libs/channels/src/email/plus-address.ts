/** The sub-address after `+` in the local part: `support+abc123@x.com` → `abc123`. */
export function plusAddressToken(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return plus < 0 ? undefined : local.slice(plus + 1) || undefined;
}
